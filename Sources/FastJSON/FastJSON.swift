/// FastJSON: a JSON reader and writer over raw UTF-8 bytes, for the hot path (change events, log entries).
public enum FastJSON {}
