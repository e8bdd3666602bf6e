// Test helpers of the rating service (`@tollgate/rating/testing`), never part of its entry file.
export { type RatingFixture, rateDoc, seedDeck, startRatingFixture } from './rating-fixture';
