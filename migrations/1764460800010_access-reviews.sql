-- Access reviews (issue 12) are company collections like requests and grants: one entity row per review, and
-- one per review item (person x role), so a decision writes one small row whatever the size of the review.

-- Up Migration

ALTER TABLE entities DROP CONSTRAINT entities_kind_check;
ALTER TABLE entities ADD CONSTRAINT entities_kind_check
  CHECK (kind IN ('subscriptions', 'members', 'contacts', 'cases', 'requests', 'grants', 'reviews', 'reviewItems'));

-- Down Migration

DELETE FROM entities WHERE kind IN ('reviews', 'reviewItems');
ALTER TABLE entities DROP CONSTRAINT entities_kind_check;
ALTER TABLE entities ADD CONSTRAINT entities_kind_check
  CHECK (kind IN ('subscriptions', 'members', 'contacts', 'cases', 'requests', 'grants'));
