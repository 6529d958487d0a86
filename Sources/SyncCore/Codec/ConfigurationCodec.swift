import FastJSON

/// Reads and writes configurations in the shape of `scenario.md` (`config.upsert`'s `configuration`).
enum ConfigurationCodec {
    /// Decodes and validates a configuration; filters are compiled and expressions parsed here, so a bad one is
    /// rejected when the configuration is applied, naming the clause.
    static func decode(_ r: FieldReader) throws(ChangeDecodingError) -> Configuration {
        let id = try r.string("id")
        let source = try r.string("sourceTenant")
        let target = try r.string("targetTenant")
        var groups: [String]? = nil
        var filters = AttributeFilters.none
        if r.value("scope") != nil {
            let scope = try r.object("scope")
            groups = try scope.optionalStrings("groups")
            if let raw = try scope.optionalArray("filters") {
                var clauses: [[FilterClause]] = []
                for (f, filter) in raw.enumerated() {
                    guard let list = filter.array else { throw scope.invalid("filters[\(f)]", "expected an array of clauses") }
                    var inner: [FilterClause] = []
                    for (c, clause) in list.enumerated() {
                        let cr = try FieldReader(clause, path: scope.name("filters[\(f)][\(c)]"))
                        let value: String? = cr.value("value").flatMap { PropertyValue(json: $0)?.stringValue }
                        inner.append(FilterClause(attribute: try cr.string("attribute"), operatorName: try cr.string("operator"), value: value))
                    }
                    clauses.append(inner)
                }
                do {
                    filters = try AttributeFilters(clauses)
                } catch {
                    throw scope.invalid("filters[\(error.filterIndex)][\(error.clauseIndex)]", error.message)
                }
            }
        }
        var mappings: [AttributeMapping] = []
        for (i, raw) in (try r.optionalArray("mappings") ?? []).enumerated() {
            let m = try FieldReader(raw, path: r.name("mappings[\(i)]"))
            let source: MappingSource
            switch try m.string("type") {
            case "direct": source = .direct(try m.string("source"))
            case "constant":
                guard let value = PropertyValue(json: m.value("value") ?? .null) else { throw m.invalid("value", "expected a scalar") }
                source = .constant(value)
            case "expression":
                do {
                    source = .expression(try MappingExpression(try m.string("expression")))
                } catch let error as ExpressionError {
                    throw m.invalid("expression", "column \(error.column): \(error.message)")
                } catch let error as ChangeDecodingError {
                    throw error
                } catch {
                    throw m.invalid("expression", "\(error)")
                }
            case "none": source = .none
            case let other: throw m.invalid("type", "unknown '\(other)' (direct, constant, expression, none)")
            }
            let apply: MappingApply
            switch try m.optionalString("apply") ?? "always" {
            case "always": apply = .always
            case "onCreate": apply = .onCreate
            case let other: throw m.invalid("apply", "unknown '\(other)' (always, onCreate)")
            }
            guard let defaultValue = PropertyValue(json: m.value("defaultValue") ?? .null) else {
                throw m.invalid("defaultValue", "expected a scalar")
            }
            mappings.append(AttributeMapping(target: try m.string("target"), source: source, apply: apply, defaultValue: defaultValue))
        }
        let threshold = try r.optionalInt64("deletionThreshold") ?? Int64(Configuration.defaultDeletionThreshold)
        if threshold < 0 { throw r.invalid("deletionThreshold", "must not be negative") }
        let window = try r.optionalDouble("deletionWindowMinutes").map { $0 * 60 } ?? Configuration.defaultDeletionWindow
        if window <= 0 { throw r.invalid("deletionWindowMinutes", "must be positive") }
        return Configuration(
            id: id, sourceTenant: source, targetTenant: target, scope: ConfigurationScope(groups: groups, filters: filters),
            mappings: mappings, deletionThreshold: Int(threshold), deletionWindowSeconds: window)
    }

    /// Writes a configuration in the same shape it is read.
    static func encode(_ c: Configuration, to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", c.id)
        w.field("sourceTenant", c.sourceTenant)
        w.field("targetTenant", c.targetTenant)
        w.key("scope")
        w.beginObject()
        if let groups = c.scope.groups { w.field("groups", strings: groups) }
        w.key("filters")
        w.beginArray()
        for filter in c.scope.filters.clauses {
            w.beginArray()
            for clause in filter {
                w.beginObject()
                w.field("attribute", clause.attribute)
                w.field("operator", clause.operatorName)
                w.field("value", clause.value)
                w.endObject()
            }
            w.endArray()
        }
        w.endArray()
        w.endObject()
        w.key("mappings")
        w.beginArray()
        for m in c.mappings {
            w.beginObject()
            w.field("target", m.target)
            switch m.source {
            case .direct(let s):
                w.field("type", "direct")
                w.field("source", s)
            case .constant(let v):
                w.field("type", "constant")
                w.key("value")
                v.write(to: &w)
            case .expression(let e):
                w.field("type", "expression")
                w.field("expression", e.text)
            case .none:
                w.field("type", "none")
            }
            w.field("apply", m.apply.rawValue)
            if !m.defaultValue.isNull {
                w.key("defaultValue")
                m.defaultValue.write(to: &w)
            }
            w.endObject()
        }
        w.endArray()
        w.key("deletionThreshold")
        w.int(c.deletionThreshold)
        w.key("deletionWindowMinutes")
        w.double(c.deletionWindowSeconds / 60)
        w.endObject()
    }
}
