/**
 * A character-class test on single BMP code units, answered from a table filled lazily: the
 * regex runs once per distinct unit a process meets, not once per occurrence. Surrogates are
 * never members (a pair is tested as one code point by the caller).
 */
export function unitClass(regex: RegExp): (unit: number) => boolean {
  // 0 not yet known, 1 a member, 2 not.
  let states: Uint8Array | undefined;
  return (unit) => {
    states ??= new Uint8Array(0x10000);
    let state = states[unit]!;
    if (state === 0) states[unit] = state = unit >= 0xd800 && unit <= 0xdfff ? 2 : regex.test(String.fromCharCode(unit)) ? 1 : 2;
    return state === 1;
  };
}

/** Whether UTF-16 unit `c` is an ASCII digit (what `\d` matches without the `u` flag). */
export const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
