import Kafka
import Support
import Synchronization
import Testing
import TestSupport

@Suite struct ConfigurationTests {
    @Test func anUnknownPropertyIsAClearErrorNamingIt() throws {
        var config = KafkaProducerConfig(bootstrapServers: "127.0.0.1:9092")
        config.client.properties["no.such.property"] = "1"
        let error = #expect(throws: KafkaError.self) { try KafkaProducer(config: config, logger: testLogger) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.name == "_INVALID_ARG")
        #expect(error?.isRetriable == false)
        #expect(error?.reason.contains("unknown configuration property 'no.such.property'") == true)
    }

    @Test func aBadValueIsAClearErrorNamingThePropertyAndValue() throws {
        var config = KafkaConsumerConfig(bootstrapServers: "127.0.0.1:9092", groupID: "g")
        config.client.properties["session.timeout.ms"] = "soon"
        let error = #expect(throws: KafkaError.self) { try KafkaConsumer(config: config, logger: testLogger) }
        #expect(error?.reason.contains("'session.timeout.ms'") == true)
        #expect(error?.reason.contains("'soon'") == true)
    }

    @Test(arguments: ["", "localhost", "host:port", "host:0", "host:70000", "a:1,,b:2", "bad host:9092", ":9092"])
    func aBadBootstrapStringIsAClearError(_ bootstrap: String) throws {
        let error = #expect(throws: KafkaError.self) {
            try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: bootstrap), logger: testLogger)
        }
        #expect(error?.reason.contains("bootstrap.servers") == true)
        #expect(error?.code == .invalidArgument)
        #expect(throws: KafkaError.self) {
            try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: bootstrap, groupID: "g"), logger: testLogger)
        }
        #expect(throws: KafkaError.self) {
            try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: bootstrap), logger: testLogger)
        }
    }

    @Test(arguments: ["127.0.0.1:9092", "a:1,b:2", "PLAINTEXT://broker.example:9092", "[::1]:9092", " a:1 , b:2 "])
    func aGoodBootstrapStringIsAccepted(_ bootstrap: String) throws {
        _ = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: bootstrap), logger: testLogger)
    }

    @Test func typedSettingsBecomeLibrdkafkaPropertiesAndRawOnesComeLast() {
        var config = KafkaConsumerConfig(bootstrapServers: "b:1", groupID: "workers")
        config.sessionTimeout = .milliseconds(1500)
        config.client.properties["session.timeout.ms"] = "1600"
        let properties = config.librdkafkaProperties()
        #expect(properties.contains { $0 == ("group.id", "workers") })
        #expect(properties.contains { $0 == ("partition.assignment.strategy", "cooperative-sticky") })
        #expect(properties.contains { $0 == ("enable.auto.commit", "false") })
        #expect(properties.last { $0.0 == "session.timeout.ms" }?.1 == "1600")
        let producer = KafkaProducerConfig(bootstrapServers: "b:1").librdkafkaProperties()
        #expect(producer.contains { $0 == ("enable.idempotence", "true") })
        #expect(producer.contains { $0 == ("acks", "all") })
    }

    @Test func librdkafkaLogsGoToOurLoggerAndStatisticsToTheHandler() throws {
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "kafka", level: .debug, sink: Logger.Sink { line in lines.withLock { $0.append(line) } })
        let statistics = Mutex<[String]>([])
        var config = KafkaProducerConfig(bootstrapServers: "127.0.0.1:1")  // nothing listens there
        config.client.statisticsInterval = .milliseconds(100)
        config.client.onStatistics = { json in statistics.withLock { $0.append(json) } }
        let producer = try KafkaProducer(config: config, logger: logger)
        #expect(waitUntil(.seconds(10)) {
            _ = producer.poll(timeout: .milliseconds(50))
            return !statistics.withLock { $0.isEmpty } && lines.withLock { $0.contains { $0.contains("127.0.0.1:1") } }
        })
        #expect(statistics.withLock { $0.first?.hasPrefix("{") } == true)
        #expect(lines.withLock { $0.allSatisfy { $0.contains("\"logger\":\"kafka\"") } })
    }

    @Test func errorCodesCarryLibrdkafkaNames() {
        #expect(KafkaErrorCode.notEnoughReplicas.name == "NOT_ENOUGH_REPLICAS")
        #expect(KafkaErrorCode.messageTimedOut.name == "_MSG_TIMED_OUT")
        #expect(KafkaError(code: .notCoordinator).isRetriable)
        #expect(!KafkaError(code: .topicAlreadyExists).isRetriable)
        #expect(KafkaError(code: .queueFull).description.contains("_QUEUE_FULL"))
    }
}
