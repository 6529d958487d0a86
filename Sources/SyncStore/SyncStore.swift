/// SyncStore: the source mirror, target tenant directories and worker progress, in SQLite or PostgreSQL.
public enum SyncStoreModule {}
