/// SyncFeed: publishing change feeds to `directory-changes` (file, stdin, snapshot diff, generator, replay).
public enum SyncFeedModule {}
