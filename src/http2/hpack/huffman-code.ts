// The HPACK Huffman code (RFC 7541 Appendix B). The code is canonical: codes of one length are
// consecutive and ordered by symbol, so the code lengths alone define it; the codes are derived.

/** Code length in bits of symbols 0–255 and EOS (256), typed in from RFC 7541 Appendix B. */
// prettier-ignore
export const HUFFMAN_CODE_LENGTHS: readonly number[] = [
  // 0–31: control bytes
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  // 32–63: ' ' ! " # $ % & ' ( ) * + , - . / 0–9 : ; < = > ?
   6, 10, 10, 12, 13,  6,  8, 11, 10, 10,  8, 11,  8,  6,  6,  6,
   5,  5,  5,  6,  6,  6,  6,  6,  6,  6,  7,  8, 15,  6, 12, 10,
  // 64–95: @ A–Z [ \ ] ^ _
  13,  6,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,  7,
   7,  7,  7,  7,  7,  7,  7,  7,  8,  7,  8, 13, 19, 13, 14,  6,
  // 96–127: ` a–z { | } ~ DEL
  15,  5,  6,  5,  6,  5,  6,  6,  6,  5,  7,  7,  6,  6,  6,  5,
   6,  7,  6,  5,  5,  6,  7,  7,  7,  7,  7, 15, 11, 14, 13, 28,
  // 128–255
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  // 256: EOS
  30,
];

export const EOS_SYMBOL = 256;

export interface HuffmanCode {
  /** The code, right-aligned (Appendix B's "code as hex"). */
  code: number;
  bits: number;
}

/** Canonical assignment: by length, then by symbol, each code one more than the previous. */
function deriveCodes(lengths: readonly number[]): HuffmanCode[] {
  const order = lengths.map((bits, symbol) => ({ bits, symbol })).sort((a, b) => a.bits - b.bits || a.symbol - b.symbol);
  const codes: HuffmanCode[] = new Array<HuffmanCode>(lengths.length);
  let code = 0;
  let previousBits = order[0]!.bits;
  for (const { bits, symbol } of order) {
    code *= 2 ** (bits - previousBits); // multiplication: 30-bit codes overflow 32-bit shifts' sign
    previousBits = bits;
    codes[symbol] = { code, bits };
    code += 1;
  }
  return codes;
}

export const HUFFMAN_CODES: readonly HuffmanCode[] = deriveCodes(HUFFMAN_CODE_LENGTHS);
