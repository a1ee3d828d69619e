-- Grain state for Orleans' ADO.NET grain storage provider. The provider reads its statements from
-- OrleansQuery; they bind GrainIdN0, GrainIdN1, GrainIdExtensionString, GrainTypeString (the state name),
-- ServiceId, GrainStateVersion (the etag) and PayloadBinary. A write returns NewGrainStateVersion; no row
-- (or the old version) means the etag was stale.
CREATE TABLE OrleansQuery (
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE grain_state (
    service_id TEXT    NOT NULL,
    state_name TEXT    NOT NULL,
    key_n0     INTEGER NOT NULL,
    key_n1     INTEGER NOT NULL,
    key_text   TEXT    NOT NULL,   -- '' when the key has no string part
    payload    BLOB    NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_text)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM grain_state
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_text = ifnull(@GrainIdExtensionString, '''');');

-- A write updates only when the etag matches; the first write (no etag) inserts.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE grain_state
SET payload = @PayloadBinary, version = version + 1, updated_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_text = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
INSERT INTO grain_state (service_id, state_name, key_n0, key_n1, key_text, payload, version, updated_at)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, ifnull(@GrainIdExtensionString, ''''), @PayloadBinary, 1,
       strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;');

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE grain_state
SET payload = NULL, version = version + 1, updated_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE service_id = @ServiceId AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_text = ifnull(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;');
