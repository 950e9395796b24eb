import type { NumericOrder } from './dates.js';

export type Language = 'en' | 'es' | 'it' | 'fr';

const words = (list: string): RegExp => new RegExp(`(?<!\\p{L})(?:${list})(?!\\p{L})`, 'giu');

/** Words that give a mail's language away when it carries no `X-Locale` (forwarded mail). */
const LANGUAGE_HINTS: readonly { language: Language; pattern: RegExp }[] = [
  { language: 'en', pattern: words('reservation|guests?|arrives|payout|booking|the|your|and') },
  {
    language: 'es',
    pattern: words('reserva|viajeros?|llega|cobro|hemos|cancelada|anfitrión|alojamiento|el|los|tu|para'),
  },
  {
    language: 'it',
    pattern: words('prenotazione|ospiti|arriverà|guadagni|confermata|alloggio|il|della|per|tuo'),
  },
  { language: 'fr', pattern: words('réservation|voyageurs|arrivée|annulée|logement|votre|les|pour') },
];

/** The mail's language: its `X-Locale` header when present, else the one whose words occur most. */
export function detectLanguage(locale: string | undefined, text: string): Language {
  const fromHeader = locale?.slice(0, 2).toLowerCase();
  if (fromHeader === 'en' || fromHeader === 'es' || fromHeader === 'it' || fromHeader === 'fr')
    return fromHeader;
  let best: Language = 'en';
  let bestHits = 0;
  for (const hint of LANGUAGE_HINTS) {
    const hits = text.match(hint.pattern)?.length ?? 0;
    if (hits > bestHits) [best, bestHits] = [hint.language, hits];
  }
  return best;
}

/** English writes month/day/year; the others day/month/year. */
export function numericOrderOf(language: Language): NumericOrder {
  return language === 'en' ? 'MDY' : 'DMY';
}
