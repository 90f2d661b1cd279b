/**
 * A deterministic stand-in for zxcvbn's "score 4" test, which GARM's first-run applies.
 *
 * Rule: the password is cut left to right into the cheapest-to-guess pieces and each piece gets a
 * cost in bits, the way zxcvbn sums log-guesses over its matches:
 * - a common word or keyboard walk (case-insensitive, common l33t substitutions undone): 12 bits,
 *   +1 when it has capitals;
 * - a year 1900-2099: 7 bits;
 * - a repeated unit (`aaaa`, `abab`): the unit's own cost + log2(repetitions);
 * - a run of 3+ consecutive characters (`abcd`, `4321`): 5 bits;
 * - any other character: log2(10) bits (zxcvbn's brute-force cardinality per character).
 * The password is strong when the total reaches 34 bits (about 10^10 guesses, zxcvbn's score 4).
 * So "password", short or dictionary-like passwords and low-variety ones are rejected, while a long
 * mixed password such as "Zq7-Loopback-Test-Pass-2026!" is accepted.
 */
export const STRONG_PASSWORD_BITS = 34;

// prettier-ignore
const COMMON_WORDS = [
  "password", "passwd", "pass", "admin", "administrator", "root", "user", "login", "welcome", "letmein",
  "secret", "test", "testing", "default", "changeme", "master", "monkey", "dragon", "shadow", "sunshine",
  "princess", "football", "baseball", "soccer", "hockey", "iloveyou", "love", "trustno", "superman",
  "batman", "hello", "freedom", "whatever", "qazwsx", "michael", "jennifer", "charlie", "jordan",
  "hunter", "ranger", "buster", "summer", "winter", "spring", "autumn", "garm", "github", "runner",
  "ubuntu", "linux", "juju", "canonical", "example", "server", "computer", "internet", "google",
  "secure", "security", "access", "system", "guest", "pokemon", "starwars", "cookie", "cheese",
  "flower", "orange", "banana", "apple", "purple", "silver", "golden", "killer", "pepper", "matrix",
  "qwerty", "qwertyuiop", "asdf", "asdfgh", "asdfghjkl", "zxcv", "zxcvbn", "zxcvbnm", "1qaz", "2wsx",
];

const WORDS_LONGEST_FIRST = [...new Set(COMMON_WORDS)].sort((a, b) => b.length - a.length);

// prettier-ignore
const L33T: Readonly<Record<string, string>> = {
  "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i",
};

const WORD_BITS = 12;
const YEAR_BITS = 7;
const SEQUENCE_BITS = 5;
const CHAR_BITS = Math.log2(10);

function unl33t(text: string): string {
  let out = "";
  for (const ch of text.toLowerCase()) out += L33T[ch] ?? ch;
  return out;
}

function wordAt(password: string, start: number): string | undefined {
  const plain = unl33t(password.slice(start));
  return WORDS_LONGEST_FIRST.find((word) => plain.startsWith(word));
}

function yearAt(password: string, start: number): boolean {
  return /^(19|20)\d\d/.test(password.slice(start, start + 4));
}

/** Length of a run of consecutive code points (step +1 or -1) starting at `start`. */
function sequenceLength(password: string, start: number): number {
  const first = password.charCodeAt(start);
  const second = password.charCodeAt(start + 1);
  const step = second - first;
  if (step !== 1 && step !== -1) return 0;
  let end = start + 1;
  while (end + 1 < password.length && password.charCodeAt(end + 1) - password.charCodeAt(end) === step) end++;
  return end - start + 1;
}

/** The longest repeated unit starting at `start`: [unit length, repetitions], or undefined. */
function repeatAt(password: string, start: number): [number, number] | undefined {
  let best: [number, number] | undefined;
  const rest = password.length - start;
  for (let unit = 1; unit <= rest / 2; unit++) {
    const chunk = password.slice(start, start + unit);
    let count = 1;
    while (password.startsWith(chunk, start + count * unit)) count++;
    if (count >= 2 && (unit > 1 || count >= 3) && (!best || unit * count > best[0] * best[1])) {
      best = [unit, count];
    }
  }
  return best;
}

/** Estimated guessing cost of the password in bits (see the module comment). */
export function passwordBits(password: string): number {
  let bits = 0;
  let i = 0;
  while (i < password.length) {
    const repeat = repeatAt(password, i);
    if (repeat) {
      const [unit, count] = repeat;
      bits += passwordBits(password.slice(i, i + unit)) + Math.log2(count);
      i += unit * count;
      continue;
    }
    const word = wordAt(password, i);
    if (word) {
      const original = password.slice(i, i + word.length);
      bits += WORD_BITS + (original !== original.toLowerCase() ? 1 : 0);
      i += word.length;
      continue;
    }
    if (yearAt(password, i)) {
      bits += YEAR_BITS;
      i += 4;
      continue;
    }
    const run = sequenceLength(password, i);
    if (run >= 3) {
      bits += SEQUENCE_BITS;
      i += run;
      continue;
    }
    bits += CHAR_BITS;
    i += 1;
  }
  return bits;
}

export function isStrongPassword(password: string): boolean {
  return passwordBits(password) >= STRONG_PASSWORD_BITS;
}
