/** BatchText: strings written as bytes one after another, made one string, each a slice of it. */
import { describe, expect, it } from 'vitest';
import { BatchText } from '../../../lib/local/sim/batch-text.js';

function write(text: BatchText, s: string): void {
  const at = text.end;
  const bytes = text.room(s.length);
  for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  text.close(at + s.length);
}

describe('BatchText', () => {
  it('gives the strings written, in order, empty ones included; a new batch starts from nothing', () => {
    const text = new BatchText();
    text.begin();
    expect(text.strings()).toEqual([]);
    for (const s of ['rh-1-2', '', 'abc']) write(text, s);
    expect(text.size).toBe(3);
    expect(text.strings()).toEqual(['rh-1-2', '', 'abc']);
    text.begin();
    write(text, 'x');
    expect(text.strings()).toEqual(['x']);
  });

  it('grows past its first buffer (1,024 bytes) keeping what was written; strings made before stay as they were', () => {
    const text = new BatchText();
    text.begin();
    write(text, 'first');
    const before = text.strings();
    const many = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(2, '0')}-${'y'.repeat(34)}`);
    text.begin();
    for (const s of many) write(text, s);
    expect(text.end).toBe(60 * 37);
    expect(text.strings()).toEqual(many);
    expect(before).toEqual(['first']);
  });
});
