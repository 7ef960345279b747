/**
 * Code points that render as nothing (or only steer layout) and are used to split trigger
 * words: zero-width characters, bidi controls, soft hyphen, variation selectors, tag characters,
 * fillers. Removed before matching. Sources: Unicode `Default_Ignorable_Code_Point` and the bidi
 * control list of UAX #9; we keep the subset seen in evasion attempts plus the whole ranges.
 */
export function isInvisible(cp: number): boolean {
  if (cp < 0xad) return false;
  return (
    cp === 0xad || // soft hyphen
    cp === 0x34f || // combining grapheme joiner
    cp === 0x61c || // arabic letter mark
    cp === 0x115f || cp === 0x1160 || cp === 0x3164 || cp === 0xffa0 || // hangul fillers
    cp === 0x17b4 || cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180f) || // mongolian selectors and vowel separator
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/non-joiner/joiner, LRM, RLM
    (cp >= 0x202a && cp <= 0x202e) || // bidi embeddings and overrides
    (cp >= 0x2060 && cp <= 0x206f) || // word joiner, invisible operators, bidi isolates
    cp === 0xfeff || // BOM / zero-width no-break space
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    (cp >= 0xfff0 && cp <= 0xfff8) ||
    (cp >= 0x1bca0 && cp <= 0x1bca3) || // shorthand format controls
    (cp >= 0x1d173 && cp <= 0x1d17a) || // musical format controls
    (cp >= 0xe0000 && cp <= 0xe0fff) // tags and variation selectors supplement
  );
}
