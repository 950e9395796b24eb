import { noFacts, type Template } from '../template.js';

/** Reviews and review reminders: recognised so that no other template reads them. */
export const airbnbReviews: Template = {
  name: 'airbnb/reviews',
  platform: 'airbnb',
  header: /REVIEW/i,
  subject:
    /wrote you a review|left you a .*review|te ha dejado una evaluación|Deja una evaluación|ti ha lasciato una recensione|Lascia una recensione|Leave a review|vous a laissé un commentaire/i,
  extract: noFacts,
  quiet: true,
};
