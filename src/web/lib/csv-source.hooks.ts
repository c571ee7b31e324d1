/**
 * Where a CSV import's text comes from: a file read into the text area (editable before sending) or pasted text,
 * and the check that there is something to send. The people import and the metrics import share it.
 */
import { useState } from 'react';

/** @param onChange called whenever the text changes (e.g. to clear the last import's result). */
export function useCsvSource(onChange: () => void) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<Error | null>(null);

  async function chooseFile(file: File | undefined) {
    setProblem(null);
    onChange();
    if (!file) return;
    try {
      setCsv(await file.text());
      setFileName(file.name);
    } catch {
      setProblem(new Error(`The file ${file.name} could not be read.`));
    }
  }

  function editCsv(text: string) {
    setCsv(text);
    setFileName(null);
    onChange();
  }

  /** Whether there is text to send; when there is none, says so as the problem. */
  function isReady(): boolean {
    if (!csv.trim()) {
      setProblem(new Error('Choose a CSV file or paste its contents first.'));
      return false;
    }
    setProblem(null);
    return true;
  }

  return { csv, fileName, problem, chooseFile, editCsv, isReady };
}
