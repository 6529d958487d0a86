/// SyncWorker: the batch pipeline that applies `directory-changes` to the stores and publishes the provisioning log.
public enum SyncWorkerModule {}
