// A review decision changed what waits for whom: the navigation's count badge listens.
export const REVIEW_CHANGED = 'belfry:review-changed';

export function reviewChanged(): void {
  window.dispatchEvent(new Event(REVIEW_CHANGED));
}
