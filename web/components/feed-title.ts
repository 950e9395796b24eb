import type { Platform } from '../../contracts/platforms.js';
import { channelName } from '../../domain/conflicts/evidence.js';
import { PLATFORM_NAMES } from './connection-card.js';

/** A calendar as the host knows it: its name, or its channel's calendar. */
export function feedTitle(feed: { name: string | null; platform: Platform }): string {
  return feed.name ?? `${PLATFORM_NAMES[feed.platform]} calendar`;
}

/** A channel's name, for the channels of mail too (a fact's platform is any channel). */
export function channelWords(channel: string): string {
  return (PLATFORM_NAMES as Record<string, string>)[channel] ?? channelName(channel);
}
