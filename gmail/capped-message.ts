import type { Readable } from 'node:stream';
import type { gmail_v1 } from 'googleapis/build/src/apis/gmail/index.js';
import type { Gmail } from './client.js';

/** A message resource read within its byte limit, or the news that its answer was larger. */
export type CappedMessage = { over: false; message: gmail_v1.Schema$Message; bytes: number } | { over: true };

/**
 * `messages.get`, read as a stream and abandoned the moment the answer passes `limitBytes`: a
 * message is never held whole just to learn that it is too large, and neither a size Gmail
 * misstates nor a compressed answer that inflates can get past the limit (the bytes are counted as
 * they arrive, decompressed). `onBytes` hears the running total before each chunk is kept, and may
 * make the read wait (the byte budget, activities/archive/message-bytes.ts).
 */
export async function getMessageCapped(
  gmail: Gmail,
  params: { id: string; format: 'raw' | 'metadata' },
  limitBytes: number,
  onBytes: (total: number) => Promise<void> = async () => {},
): Promise<CappedMessage> {
  const abort = new AbortController();
  const res = await gmail.users.messages.get(
    { userId: 'me', id: params.id, format: params.format },
    { responseType: 'stream', signal: abort.signal },
  );
  const body = res.data as unknown as Readable;
  // the abort below makes the body fail after we stopped reading: nobody else is listening
  body.on('error', () => {});
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > limitBytes) {
      abort.abort();
      body.destroy();
      return { over: true };
    }
    await onBytes(total);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks, total).toString('utf8');
  chunks.length = 0;
  return { over: false, message: JSON.parse(text) as gmail_v1.Schema$Message, bytes: total };
}

/**
 * The most a `format=raw` answer for a message of `maxRawBytes` can weigh: the raw message in
 * base64url (4 bytes per 3), plus the resource's other fields (ids, labels, a snippet), generously.
 */
export function rawAnswerLimit(maxRawBytes: number): number {
  return Math.ceil(maxRawBytes / 3) * 4 + RESOURCE_OVERHEAD;
}

const RESOURCE_OVERHEAD = 64 * 1024;
