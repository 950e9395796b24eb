import { describe, expect, it } from 'vitest';
import { isListingName } from '../../../extraction/listing-name.js';

describe('a listing name', () => {
  it.each([
    'NEW BOOKING CONFIRMED! PATRICK ARRIVES JUN 4.',
    '¡NUEVA RESERVA CONFIRMADA! LUCÍA LLEGA EL 9 OCT.',
    'Nuova prenotazione confermata! Giulia arriverà il 18 set.',
    'Reservation cancelled.',
    'IATA/TIDS: PC029090',
    'Hotel ID: 7781234',
    '[enlace al extranet]',
    '[link to the extranet]',
    '<property name>',
    '{listing}',
  ])('is never %s', (text) => {
    expect(isListingName(text)).toBe(false);
  });

  it.each([
    'Sunny Loft! Beach 5 min',
    'Casa Sol: sea view apartment',
    'Loft: 2BR',
    'Business-friendly room w/Fast Wifi, near Shops (F)',
    'Apt. 4 near St. Mark',
    'HARBOUR LOFT | 2BR + ROOFTOP',
    '[Casa Azul] Old Town',
  ])('can be %s', (text) => {
    expect(isListingName(text)).toBe(true);
  });
});
