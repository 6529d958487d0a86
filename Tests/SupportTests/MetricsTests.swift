import Testing
@testable import Support

@Suite struct MetricsTests {
    @Test func rendersCountersAndGaugesWithHelpTypeAndSortedLabelledSeries() {
        let metrics = Metrics()
        let applied = metrics.counter("tenantsync_changes_applied_total", help: "Changes applied.", labels: ["partition"])
        let lag = metrics.gauge("tenantsync_consumer_lag", help: "Records behind.\nPer partition \\ topic.")
        let p3 = applied.labels("3")
        p3.increment()
        p3.increment(by: 4)
        applied.labels("10").increment()
        lag.labels().set(12.5)
        #expect(metrics.render() == """
            # HELP tenantsync_changes_applied_total Changes applied.
            # TYPE tenantsync_changes_applied_total counter
            tenantsync_changes_applied_total{partition="10"} 1
            tenantsync_changes_applied_total{partition="3"} 5
            # HELP tenantsync_consumer_lag Records behind.\\nPer partition \\\\ topic.
            # TYPE tenantsync_consumer_lag gauge
            tenantsync_consumer_lag 12.5

            """)
    }

    @Test func aHandleTakenTwiceIsTheSameSeriesAndRegisteringAgainReturnsTheFamily() {
        let metrics = Metrics()
        let family = metrics.counter("events_total", help: "Events.", labels: ["kind"])
        #expect(family.labels("a") === family.labels("a"))
        #expect(metrics.counter("events_total", help: "Events.", labels: ["kind"]) === family)
        family.labels("a").increment()
        #expect(family.labels(["a"]).value == 1)
    }

    @Test func escapesBackslashQuoteAndNewlineInLabelValues() {
        let metrics = Metrics()
        metrics.counter("errors_total", help: "Errors.", labels: ["reason", "tenant"])
            .labels("bad \"quote\" \\ and\nnewline", "contoso").increment()
        #expect(metrics.render().contains(#"errors_total{reason="bad \"quote\" \\ and\nnewline",tenant="contoso"} 1"#))
    }

    @Test func histogramsRenderCumulativeBucketsSumAndCount() {
        let metrics = Metrics()
        let latency = metrics.histogram("batch_seconds", help: "Batch time.", labels: ["stage"], buckets: [0.1, 1, 2.5])
        let decode = latency.labels("decode")
        for value in [0.05, 0.1, 0.7, 3.0] { decode.observe(value) }
        decode.observe(.milliseconds(500))
        #expect(decode.count == 5)
        #expect(metrics.render() == """
            # HELP batch_seconds Batch time.
            # TYPE batch_seconds histogram
            batch_seconds_bucket{stage="decode",le="0.1"} 2
            batch_seconds_bucket{stage="decode",le="1"} 4
            batch_seconds_bucket{stage="decode",le="2.5"} 4
            batch_seconds_bucket{stage="decode",le="+Inf"} 5
            batch_seconds_sum{stage="decode"} 4.35
            batch_seconds_count{stage="decode"} 5

            """)
    }

    @Test func unlabelledFamiliesShowZeroBeforeTheFirstUpdate() {
        let metrics = Metrics()
        _ = metrics.counter("restarts_total", help: "Restarts.")
        _ = metrics.histogram("wait_seconds", help: "Wait.", buckets: [1])
        let text = metrics.render()
        #expect(text.contains("\nrestarts_total 0\n"))
        #expect(text.contains("\nwait_seconds_bucket{le=\"1\"} 0\n"))
        #expect(text.contains("\nwait_seconds_count 0\n"))
    }

    @Test func concurrentIncrementsAndGaugeChangesAreNotLost() async {
        let metrics = Metrics()
        let counter = metrics.counter("hits_total", help: "Hits.").labels()
        let gauge = metrics.gauge("in_flight", help: "In flight.").labels()
        let histogram = metrics.histogram("sizes", help: "Sizes.", buckets: [10]).labels()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<10_000 {
                        counter.increment()
                        gauge.increment()
                        histogram.observe(1)
                    }
                }
            }
        }
        #expect(counter.value == 80_000)
        #expect(gauge.value == 80_000)
        #expect(histogram.count == 80_000)
        gauge.decrement(by: 80_000)
        #expect(gauge.value == 0)
    }

    @Test func misuseIsAProgrammingErrorThatStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let metrics = Metrics()
            _ = metrics.counter("jobs_total", help: "Jobs.", labels: ["kind"])
            _ = metrics.gauge("jobs_total", help: "Jobs.")
        }
        await #expect(processExitsWith: .failure) {
            _ = Metrics().counter("jobs_total", help: "Jobs.", labels: ["kind"]).labels("a", "b")
        }
        await #expect(processExitsWith: .failure) {
            _ = Metrics().histogram("latency", help: "Latency.", labels: ["le"])
        }
    }
}
