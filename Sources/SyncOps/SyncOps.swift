/// SyncOps: operator tooling over the `provisioning-log` topic and the stores.
public enum SyncOpsModule {}
