/** The months in English, January first (`Date#getUTCMonth` indexes them): calendar titles and the mail the bench writes. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
