-- Grain state for Orleans' ADO.NET grain storage provider (invariant Npgsql): the customer snapshots and the
-- tenant grains' state. The provider binds GrainIdN0, GrainIdN1, GrainIdExtensionString (NULL when the key has
-- no string part), GrainTypeString (the state name), ServiceId, GrainStateVersion (the etag; NULL before the
-- first write) and PayloadBinary. A write returns NewGrainStateVersion; no row means the etag was stale.
CREATE TABLE grain_state (
    service_id text        NOT NULL,
    state_name text        NOT NULL,
    key_n0     bigint      NOT NULL,
    key_n1     bigint      NOT NULL,
    key_text   text        NOT NULL,   -- '' when the key has no string part
    payload    bytea       NULL,
    version    integer     NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_text)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $sql$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_text = coalesce(@GrainIdExtensionString::text, '')
$sql$),

-- An update only when the etag matches; the first write (no etag) inserts, unless another activation did.
('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE grain_state SET payload = @PayloadBinary, version = version + 1, updated_at = now()
    WHERE service_id = @ServiceId AND state_name = @GrainTypeString
      AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_text = coalesce(@GrainIdExtensionString::text, '')
      AND version = @GrainStateVersion::integer
    RETURNING version
), inserted AS (
    INSERT INTO grain_state (service_id, state_name, key_n0, key_n1, key_text, payload, version, updated_at)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString::text, ''), @PayloadBinary, 1, now()
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$sql$),

('ClearStorageKey', $sql$
UPDATE grain_state SET payload = NULL, version = version + 1, updated_at = now()
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_text = coalesce(@GrainIdExtensionString::text, '')
  AND version = @GrainStateVersion::integer
RETURNING version AS "NewGrainStateVersion"
$sql$);
