/**
 * Words in text, found by scanning rather than by Unicode regular expressions: the chunker reads every word of a
 * long document several times, and a scan is about 3× faster than `String.prototype.match` with `\p{L}` classes.
 * Each function says which expression it is equivalent to; the tests hold them to it.
 */

const ALPHANUMERIC = /^[\p{L}\p{N}]$/u;

/** Letters and digits of the Basic Multilingual Plane beyond ASCII, looked up once each: 0 not looked up yet, 1 no, 2 yes. */
const BMP_CLASS = new Uint8Array(0x10000);

/** Whether a character of the Basic Multilingual Plane beyond ASCII is a letter or digit. */
function isBmpLetterOrDigit(code: number): boolean {
  let known = BMP_CLASS[code]!;
  if (known === 0) {
    known = ALPHANUMERIC.test(String.fromCharCode(code)) ? 2 : 1;
    BMP_CLASS[code] = known;
  }
  return known === 2;
}

/**
 * UTF-16 units taken by the letter or digit at `index` (2 for one beyond the Basic Multilingual Plane), or 0 when the
 * character there is neither, or `index` is past the end. A surrogate pair is read whole; a lone surrogate is neither.
 * ASCII is answered here, anything else by `wideLetterOrDigitLength`.
 */
function letterOrDigitLength(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) ? 1 : 0;
  return code === code ? wideLetterOrDigitLength(text, index, code) : 0; // NaN: past the end
}

/** `letterOrDigitLength` for a character beyond ASCII, whose first UTF-16 unit is `code`. */
function wideLetterOrDigitLength(text: string, index: number, code: number): number {
  if (code >= 0xd800 && code <= 0xdbff) {
    const point = text.codePointAt(index)!;
    return point > 0xffff && ALPHANUMERIC.test(String.fromCodePoint(point)) ? 2 : 0;
  }
  return isBmpLetterOrDigit(code) ? 1 : 0;
}

/**
 * Counts words the way a reader meets them (numbers and hyphenated words count once): runs of letters and digits
 * joined by `'`, `’` or `-` (the regular expression `[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*` with the `u` flag). A scan
 * rather than that expression: the chunker counts every word of a long document, and this is about 3× faster.
 */
export function countWords(text: string): number {
  let count = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const first = letterOrDigitLength(text, index);
    // Anything else is skipped one unit at a time: the second half of a surrogate pair alone is never a letter.
    if (first === 0) {
      index++;
      continue;
    }
    count++;
    index += first;
    for (;;) {
      const next = letterOrDigitLength(text, index);
      if (next > 0) {
        index += next;
        continue;
      }
      const joiner = text.charCodeAt(index);
      if ((joiner === 39 || joiner === 0x2019 || joiner === 45) && letterOrDigitLength(text, index + 1) > 0) {
        index++;
        continue;
      }
      break;
    }
  }
  return count;
}

/**
 * Words as a reader sees them, for drafting questions: a letter or digit, then letters, digits and `'’.-`, ending on
 * a letter or digit (the regular expression `[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]` with the `u`
 * flag), so a trailing full stop is not part of a word while "e.g." and "1.5" keep theirs.
 */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (let start = nextWordStart(text, 0); start < text.length; ) {
    const end = wordEnd(text, start);
    words.push(text.slice(start, end));
    start = nextWordStart(text, end);
  }
  return words;
}

/** Where the next word of `wordsOf` starts at or after `index`: its first letter or digit; `text.length` when none is left. */
export function nextWordStart(text: string, index: number): number {
  // Anything else is skipped one unit at a time: the second half of a surrogate pair alone is never a letter.
  while (index < text.length && letterOrDigitLength(text, index) === 0) index++;
  return index;
}

/** Where the word of `wordsOf` that starts at `start` (a letter or digit) ends: after its last letter or digit. */
export function wordEnd(text: string, start: number): number {
  const length = text.length;
  let index = start + letterOrDigitLength(text, start);
  let end = index;
  while (index < length) {
    const next = letterOrDigitLength(text, index);
    if (next > 0) {
      index += next;
      end = index;
      continue;
    }
    const code = text.charCodeAt(index);
    if (code !== 39 && code !== 0x2019 && code !== 46 && code !== 45) break;
    index++;
  }
  return end;
}
