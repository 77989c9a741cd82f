/**
 * Translates an XML Schema regular expression into an equivalent JavaScript RegExp. XSD patterns are
 * implicitly anchored, `^`/`$` are ordinary characters, `.` excludes only \n and \r, `\s` is exactly
 * [ \t\n\r] and `\d` is any Unicode decimal digit — all different from JavaScript, hence the rewrite.
 */
export function xsdRegex(pattern: string): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[++i];
      if (n === undefined) throw new Error(`pattern eindigt op '\\': ${pattern}`);
      const cls = ESCAPES[n];
      if (cls && inClass && cls.inClass === null) throw new Error(`\\${n} binnen een klasse wordt niet ondersteund: ${pattern}`);
      if (cls) out += inClass ? cls.inClass : cls.outside;
      else out += '\\' + n;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[' ) throw new Error(`klasse-aftrekking wordt niet ondersteund: ${pattern}`);
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
      continue;
    }
    if (c === '.') out += '[^\\n\\r]';
    else if (c === '^' || c === '$') out += '\\' + c;
    else out += c;
  }
  return new RegExp(`^(?:${out})$`, 'u');
}

/** Negated escapes cannot be merged into a surrounding class without the `v` flag, so they are refused there. */
const ESCAPES: Record<string, { inClass: string | null; outside: string }> = {
  s: { inClass: ' \\t\\n\\r', outside: '[ \\t\\n\\r]' },
  S: { inClass: null, outside: '[^ \\t\\n\\r]' },
  d: { inClass: '\\p{Nd}', outside: '\\p{Nd}' },
  D: { inClass: null, outside: '\\P{Nd}' },
};
