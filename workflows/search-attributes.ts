// The keys live in contracts/ (the activities start connection workflows too); re-exported here
// for the workflow code that always imported them from beside it.
export * from '../contracts/search-attributes.js';
