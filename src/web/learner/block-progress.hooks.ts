/**
 * Reports how far into a lesson the learner got and how long they were active (block-progress.ts has the rules):
 * a block counts as reached when its top comes into the upper three quarters of the screen; a newly reached block is
 * reported a moment later (debounced), and the progress again when the lesson completes, is hidden or is left. A
 * report sent as the page goes away uses `keepalive` so it still arrives. Reports are best effort: a failure is ignored.
 */
import { useEffect, useRef } from 'react';
import { request } from '../lib/api-client.ts';
import { activeMsAt, type ActiveClock, nextReport, noteActivity, pauseActiveClock, type ProgressReport, REPORT_DELAY_MS, startActiveClock } from './block-progress.ts';

const ACTIVITY_EVENTS = ['scroll', 'pointerdown', 'keydown', 'touchstart'] as const;

/**
 * Watches the elements with `data-block-index` inside the returned ref's element and reports progress for the lesson.
 * `isComplete` turning true sends a report at once.
 */
export function useBlockProgress(courseId: string, lessonId: string, isComplete: boolean) {
  const containerRef = useRef<HTMLElement>(null);
  const sendRef = useRef<(keepalive: boolean) => void>(() => {});

  useEffect(() => {
    const container = containerRef.current;
    if (!container || typeof IntersectionObserver === 'undefined') return undefined;
    const url = `/api/learn/courses/${encodeURIComponent(courseId)}/lessons/${encodeURIComponent(lessonId)}/progress`;
    let clock: ActiveClock = startActiveClock(performance.now(), document.visibilityState === 'visible');
    let furthest = -1;
    let sent: ProgressReport | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const send = (keepalive: boolean) => {
      clearTimeout(timer);
      const report = nextReport(furthest, activeMsAt(clock, performance.now()), sent);
      if (!report) return;
      sent = report;
      request('POST', url, { json: report, keepalive }).catch(() => undefined);
    };
    sendRef.current = send;
    const onActivity = () => {
      clock = noteActivity(clock, performance.now());
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') onActivity();
      else {
        clock = pauseActiveClock(clock, performance.now());
        send(true);
      }
    };
    const onPageHide = () => send(true);

    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const index = Number((entry.target as HTMLElement).dataset.blockIndex);
          if (!entry.isIntersecting || !Number.isInteger(index) || index <= furthest) continue;
          furthest = index;
          onActivity();
          clearTimeout(timer);
          timer = setTimeout(() => send(false), REPORT_DELAY_MS);
        }
      },
      { rootMargin: '0px 0px -25% 0px' },
    );
    for (const element of container.querySelectorAll<HTMLElement>('[data-block-index]')) observer.observe(element);
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      observer.disconnect();
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      // Leaving the lesson inside the app (the next lesson, Today): the last report goes as the page would go.
      send(true);
      sendRef.current = () => {};
    };
  }, [courseId, lessonId]);

  useEffect(() => {
    if (isComplete) sendRef.current(false);
  }, [isComplete]);

  return containerRef;
}
