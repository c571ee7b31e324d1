/**
 * The first of `zones` where it is not the first hour of the day now. A day's sends begin 30 minutes into the
 * learner's window (the planner's preferred offset), so even with a window open all day, a campaign launched in the
 * first half hour after a learner's midnight reaches them at 00:30 local: longer than a test waits for an email.
 */
export function zoneAwayFromMidnight(...zones: string[]): string {
  const hourIn = (timeZone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  return zones.find((zone) => hourIn(zone) !== 0) ?? zones[0]!;
}
