-- Access reviews (issue 12) are a company collection like requests and grants: one entity row per review.

-- Up Migration

ALTER TABLE entities DROP CONSTRAINT entities_kind_check;
ALTER TABLE entities ADD CONSTRAINT entities_kind_check
  CHECK (kind IN ('subscriptions', 'members', 'contacts', 'cases', 'requests', 'grants', 'reviews'));

-- Down Migration

DELETE FROM entities WHERE kind = 'reviews';
ALTER TABLE entities DROP CONSTRAINT entities_kind_check;
ALTER TABLE entities ADD CONSTRAINT entities_kind_check
  CHECK (kind IN ('subscriptions', 'members', 'contacts', 'cases', 'requests', 'grants'));
