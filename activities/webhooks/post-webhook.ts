import type { AttemptResult } from '../../domain/webhooks/delivery-rules.js';
import type { SignedHeaders } from '../../domain/webhooks/endpoint-secret.js';
import type { OutboundPolicy } from '../../outbound/address-rules.js';
import { OutboundError, type OutboundLookup, sendOutbound } from '../../outbound/outbound-request.js';

export interface PostWebhookOptions {
  policy: OutboundPolicy;
  timeoutMs: number;
  /** Tests give a resolver that lies the way a rebinding DNS would. */
  lookup?: OutboundLookup;
}

/**
 * One attempt: POSTs the signed body through the one outbound door (every address vetted, the
 * socket pinned to it, one timeout for the whole exchange). A redirect is an answer like any other
 * status, never followed (Standard Webhooks: update the URL instead), so the address checked is
 * the only one ever reached. The receiver's body is not read: its status is all that counts.
 */
export async function postWebhook(
  url: string,
  msg: { headers: SignedHeaders; body: string },
  options: PostWebhookOptions,
): Promise<AttemptResult> {
  try {
    const answer = await sendOutbound(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Connections-Webhooks/1.0',
          ...msg.headers,
        },
        body: msg.body,
        maxRedirects: 0,
        timeoutMs: options.timeoutMs,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      },
      options.policy,
    );
    answer.discard();
    const retryAfter = answer.headers['retry-after'];
    return { answered: true, status: answer.status, retryAfter };
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    return { answered: false, reason: err.failure === 'too_large' ? 'unreachable' : err.failure };
  }
}
