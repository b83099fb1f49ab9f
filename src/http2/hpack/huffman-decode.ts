// Huffman string decoding (RFC 7541 §5.2) with a 4-bit state machine built once from the code.
// A state is an internal node of the code tree; each input nibble moves to another node and emits
// at most one symbol (the shortest code is 5 bits). Invalid padding and EOS are rejected.

import { EOS_SYMBOL, HUFFMAN_CODES } from './huffman-code.js';

export type HuffmanFailure = 'huffman-eos' | 'huffman-padding';

interface Tree {
  /** child[node * 2 + bit]: internal node id, or -(symbol + 1) for a leaf. */
  child: Int32Array;
  /** Bits from the root to the node. */
  depth: Uint8Array;
  /** Every bit from the root to the node is 1 (a prefix of EOS). */
  allOnes: Uint8Array;
  nodes: number;
}

function buildTree(): Tree {
  const maxNodes = 256; // a full binary tree with 257 leaves has 256 internal nodes
  const child = new Int32Array(maxNodes * 2);
  const depth = new Uint8Array(maxNodes);
  const allOnes = new Uint8Array(maxNodes);
  allOnes[0] = 1;
  let nodes = 1;
  HUFFMAN_CODES.forEach(({ code, bits }, symbol) => {
    let node = 0;
    for (let i = bits - 1; i >= 0; i--) {
      const bit = Math.floor(code / 2 ** i) % 2;
      const slot = node * 2 + bit;
      if (i === 0) {
        child[slot] = -(symbol + 1);
        break;
      }
      if (child[slot] === 0) {
        const next = nodes++;
        child[slot] = next;
        depth[next] = depth[node]! + 1;
        allOnes[next] = allOnes[node]! & bit;
      }
      node = child[slot]!;
    }
  });
  return { child, depth, allOnes, nodes };
}

/** Indexed by state * 16 + nibble: the next state, the symbol emitted (-1: none), EOS decoded. */
interface NibbleTable {
  next: Uint16Array;
  emit: Int16Array;
  fail: Uint8Array;
  /** The string may end in this state: at the root, or ≤ 7 bits into EOS's all-ones prefix. */
  accepting: Uint8Array;
}

function buildNibbleTable(): NibbleTable {
  const tree = buildTree();
  const next = new Uint16Array(tree.nodes * 16);
  const emit = new Int16Array(tree.nodes * 16).fill(-1);
  const fail = new Uint8Array(tree.nodes * 16);
  const accepting = new Uint8Array(tree.nodes);
  for (let state = 0; state < tree.nodes; state++) {
    accepting[state] = state === 0 || (tree.allOnes[state] === 1 && tree.depth[state]! <= 7) ? 1 : 0;
    for (let nibble = 0; nibble < 16; nibble++) {
      let node = state;
      const slot = state * 16 + nibble;
      for (let i = 3; i >= 0; i--) {
        const target = tree.child[node * 2 + ((nibble >> i) & 1)]!;
        if (target < 0) {
          const symbol = -target - 1;
          if (symbol === EOS_SYMBOL) fail[slot] = 1;
          else emit[slot] = symbol;
          node = 0;
        } else {
          node = target;
        }
      }
      next[slot] = node;
    }
  }
  return { next, emit, fail, accepting };
}

const TABLE = buildNibbleTable();

export type HuffmanResult = { ok: true; bytes: Uint8Array } | { ok: false; failure: HuffmanFailure; bytes: Uint8Array };

/** Decodes `input[start, end)`. On failure, `bytes` holds what was decoded before it. */
export function decodeHuffman(input: Uint8Array, start: number, end: number): HuffmanResult {
  // 5 bits is the shortest code: at most 8/5 output bytes per input byte.
  const out = new Uint8Array(Math.ceil(((end - start) * 8) / 5));
  let length = 0;
  let state = 0;
  const nibbles = (end - start) * 2;
  for (let n = 0; n < nibbles; n++) {
    const byte = input[start + (n >> 1)]!;
    const nibble = (n & 1) === 0 ? byte >> 4 : byte & 0x0f; // high nibble first
    const slot = state * 16 + nibble;
    if (TABLE.fail[slot] === 1) return { ok: false, failure: 'huffman-eos', bytes: out.subarray(0, length) };
    const symbol = TABLE.emit[slot]!;
    if (symbol >= 0) out[length++] = symbol;
    state = TABLE.next[slot]!;
  }
  if (TABLE.accepting[state] !== 1) return { ok: false, failure: 'huffman-padding', bytes: out.subarray(0, length) };
  return { ok: true, bytes: out.subarray(0, length) };
}
