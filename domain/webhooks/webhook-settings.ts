import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from './retry-schedule.js';

/** How deliveries are made (`WEBHOOK_*`, config/env.ts `webhookSettings`); tests shorten the schedule. */
export interface WebhookSettings {
  /** The waits after the first attempt, in ms. */
  retrySchedule: readonly number[];
  /** Failed attempts in a row (any delivery of the endpoint) that disable it. */
  disableAfterFailures: number;
  /** One attempt's time limit, connect to last byte. */
  timeoutMs: number;
  /** The API's public URL: the payloads' links point there. */
  publicUrl: string;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  retrySchedule: (parseRetrySchedule(DEFAULT_RETRY_SCHEDULE) as { delaysMs: number[] }).delaysMs,
  disableAfterFailures: 24,
  timeoutMs: 15_000,
  publicUrl: 'http://127.0.0.1:3000',
};
