// Writes TCP traffic as a classic pcap (LINKTYPE_RAW: bare IPv4 packets) from per-direction bytes,
// so tshark can dissect the very bytes our recordings hold. Each connection gets a SYN/SYN-ACK/ACK
// handshake (tshark tracks streams from it), data segments of at most MAX_SEGMENT bytes with
// correct sequence and acknowledgement numbers per direction, and a FIN exchange at close.
// Checksums (IPv4 header and TCP) are computed, so nothing looks malformed.

import { open, type FileHandle } from 'node:fs/promises';
import type { Tuple } from '../src/decode/records.js';

/** LINKTYPE_RAW: each packet starts with its IP header. */
const LINKTYPE_RAW = 101;
const IPV4_HEADER = 20;
const TCP_HEADER = 20;
/** IPv4 total length is 16 bits: 65535 − 40 bytes of headers. */
export const MAX_SEGMENT = 65535 - IPV4_HEADER - TCP_HEADER;
const FLUSH_BYTES = 4 << 20;

const FIN = 0x01;
const SYN = 0x02;
const PSH = 0x08;
const ACK = 0x10;

interface Flow {
  client: [number, number];
  server: [number, number];
  /** Next sequence number each side sends. */
  clientSeq: number;
  serverSeq: number;
  lastNs: bigint;
}

function ipv4(text: string): number {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new RangeError(`pcap writer: IPv4 only, got ${text}`);
  }
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** One's-complement sum of 16-bit words, folded; `initial` carries a pseudo-header sum. */
function checksum(bytes: Uint8Array, start: number, end: number, initial: number): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) sum += bytes[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export class PcapWriter {
  #file: FileHandle;
  #parts: Uint8Array[] = [];
  #pending = 0;
  #flows = new Map<string, Flow>();
  #ipId = 0;
  packets = 0;
  payloadBytes = 0;

  private constructor(file: FileHandle) {
    this.#file = file;
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0); // µs timestamps
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    // thiszone (8) and sigfigs (12) stay 0
    header.writeUInt32LE(65535, 16); // snaplen
    header.writeUInt32LE(LINKTYPE_RAW, 20);
    this.#parts.push(header);
    this.#pending += header.length;
  }

  static async create(path: string): Promise<PcapWriter> {
    return new PcapWriter(await open(path, 'w'));
  }

  /** A new TCP connection: three-way handshake at `tsNs`. `key` names it in later calls. */
  open(key: string, tuple: Tuple, tsNs: bigint): void {
    const flow: Flow = {
      client: [ipv4(tuple.client.ip), tuple.client.port],
      server: [ipv4(tuple.server.ip), tuple.server.port],
      clientSeq: 1000,
      serverSeq: 5000,
      lastNs: tsNs,
    };
    this.#flows.set(key, flow);
    this.#segment(flow, true, SYN, new Uint8Array(0), tsNs, false);
    flow.clientSeq++;
    this.#segment(flow, false, SYN | ACK, new Uint8Array(0), tsNs, true);
    flow.serverSeq++;
    this.#segment(flow, true, ACK, new Uint8Array(0), tsNs, true);
  }

  has(key: string): boolean {
    return this.#flows.has(key);
  }

  /** Bytes the client (`fromClient`) or the server sent, split into segments of ≤ MAX_SEGMENT. */
  data(key: string, fromClient: boolean, bytes: Uint8Array, tsNs: bigint): void {
    const flow = this.#flows.get(key);
    if (!flow) throw new Error(`pcap writer: data on unknown connection ${key}`);
    for (let at = 0; at < bytes.length; at += MAX_SEGMENT) {
      const part = bytes.subarray(at, Math.min(bytes.length, at + MAX_SEGMENT));
      this.#segment(flow, fromClient, PSH | ACK, part, tsNs, true);
      if (fromClient) flow.clientSeq = (flow.clientSeq + part.length) >>> 0;
      else flow.serverSeq = (flow.serverSeq + part.length) >>> 0;
      this.payloadBytes += part.length;
    }
  }

  /** FIN from `byClient`'s side, FIN back, last ACK; the connection is forgotten. */
  close(key: string, byClient: boolean, tsNs: bigint): void {
    const flow = this.#flows.get(key);
    if (!flow) return;
    this.#segment(flow, byClient, FIN | ACK, new Uint8Array(0), tsNs, true);
    this.#bump(flow, byClient);
    this.#segment(flow, !byClient, FIN | ACK, new Uint8Array(0), tsNs, true);
    this.#bump(flow, !byClient);
    this.#segment(flow, byClient, ACK, new Uint8Array(0), tsNs, true);
    this.#flows.delete(key);
  }

  /** Closes what is still open (FIN from the client) and the file. */
  async finish(): Promise<void> {
    for (const [key, flow] of [...this.#flows]) this.close(key, true, flow.lastNs);
    await this.#flush();
    await this.#file.close();
  }

  /** Call now and then while writing: hands buffered packets to the file. */
  async drain(): Promise<void> {
    if (this.#pending >= FLUSH_BYTES) await this.#flush();
  }

  #bump(flow: Flow, client: boolean): void {
    if (client) flow.clientSeq = (flow.clientSeq + 1) >>> 0;
    else flow.serverSeq = (flow.serverSeq + 1) >>> 0;
  }

  #segment(flow: Flow, fromClient: boolean, flags: number, payload: Uint8Array, tsNs: bigint, withAck: boolean): void {
    if (tsNs > flow.lastNs) flow.lastNs = tsNs;
    const [srcIp, srcPort] = fromClient ? flow.client : flow.server;
    const [dstIp, dstPort] = fromClient ? flow.server : flow.client;
    const seq = fromClient ? flow.clientSeq : flow.serverSeq;
    const ack = withAck ? (fromClient ? flow.serverSeq : flow.clientSeq) : 0;
    const length = IPV4_HEADER + TCP_HEADER + payload.length;
    const packet = Buffer.allocUnsafe(16 + length);
    // pcap record header: ts_sec, ts_usec, incl_len, orig_len
    const us = tsNs / 1000n;
    packet.writeUInt32LE(Number(us / 1_000_000n) >>> 0, 0);
    packet.writeUInt32LE(Number(us % 1_000_000n), 4);
    packet.writeUInt32LE(length, 8);
    packet.writeUInt32LE(length, 12);
    const ip = 16;
    packet.writeUInt8(0x45, ip); // version 4, IHL 5
    packet.writeUInt8(0, ip + 1);
    packet.writeUInt16BE(length, ip + 2);
    packet.writeUInt16BE(this.#ipId++ & 0xffff, ip + 4);
    packet.writeUInt16BE(0x4000, ip + 6); // don't fragment
    packet.writeUInt8(64, ip + 8); // TTL
    packet.writeUInt8(6, ip + 9); // TCP
    packet.writeUInt16BE(0, ip + 10);
    packet.writeUInt32BE(srcIp, ip + 12);
    packet.writeUInt32BE(dstIp, ip + 16);
    packet.writeUInt16BE(checksum(packet, ip, ip + IPV4_HEADER, 0), ip + 10);
    const tcp = ip + IPV4_HEADER;
    packet.writeUInt16BE(srcPort, tcp);
    packet.writeUInt16BE(dstPort, tcp + 2);
    packet.writeUInt32BE(seq >>> 0, tcp + 4);
    packet.writeUInt32BE(ack >>> 0, tcp + 8);
    packet.writeUInt8(5 << 4, tcp + 12); // data offset: 5 words
    packet.writeUInt8(flags, tcp + 13);
    packet.writeUInt16BE(65535, tcp + 14); // window
    packet.writeUInt16BE(0, tcp + 16);
    packet.writeUInt16BE(0, tcp + 18);
    packet.set(payload, tcp + TCP_HEADER);
    const tcpLength = TCP_HEADER + payload.length;
    const pseudo = (srcIp >>> 16) + (srcIp & 0xffff) + (dstIp >>> 16) + (dstIp & 0xffff) + 6 + tcpLength;
    packet.writeUInt16BE(checksum(packet, tcp, tcp + tcpLength, pseudo), tcp + 16);
    this.#parts.push(packet);
    this.#pending += packet.length;
    this.packets++;
  }

  async #flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const parts = this.#parts;
    this.#parts = [];
    this.#pending = 0;
    await this.#file.write(Buffer.concat(parts));
  }
}
