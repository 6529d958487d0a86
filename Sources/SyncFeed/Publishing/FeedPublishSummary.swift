/// What a feed run did: lines read, published and rejected.
public struct FeedPublishSummary: Sendable, Equatable {
    /// Non-blank lines read.
    public var read = 0
    /// Lines published (and, after `FeedPublisher.finish`, acknowledged).
    public var published = 0
    /// Lines rejected, in order, each with its line number and reason.
    public var rejected: [FeedLineRejection] = []

    /// An empty summary.
    public init() {}
}
