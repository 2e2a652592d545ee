-- What each committed version of a company changed, so other replicas apply that instead of reloading the
-- whole company (its part of the change set; NULL when only a reload will do). Recent versions only.

-- Up Migration

CREATE TABLE company_changes (
  company_id text NOT NULL,
  version bigint NOT NULL,
  changes json,
  PRIMARY KEY (company_id, version)
);

-- Down Migration

DROP TABLE company_changes;
