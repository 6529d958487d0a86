import FastJSON
import Foundation

/// Encodes provisioning log entries exactly as `provisioning-log.md`, and reads them back (for ops tooling).
public enum LogEntryCodec {
    /// Encodes one entry as compact JSON, fields in the contract's order.
    public static func encode(_ e: ProvisioningLogEntry) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        encode(e, to: &w)
        return w.bytes
    }

    /// Appends one entry to a writer (e.g. to build a batch of entries for an outbox row).
    public static func encode(_ e: ProvisioningLogEntry, to w: inout JSONWriter) {
        w.beginObject()
        w.field("schema", ProvisioningLogEntry.schema)
        w.field("id", e.id)
        w.field("time", Timestamp.format(e.time))
        w.key("durationMs")
        w.int(e.durationMs)
        w.field("changeId", e.changeId)
        w.field("configurationId", e.configurationId)
        w.field("sourceTenant", e.sourceTenant)
        w.field("targetTenant", e.targetTenant)
        w.field("action", e.action.rawValue)
        w.field("status", e.status.rawValue)
        w.key("sourceIdentity")
        w.beginObject()
        w.field("id", e.sourceId)
        w.field("displayName", e.sourceDisplayName)
        w.endObject()
        w.key("targetIdentity")
        if e.targetId == nil && e.targetUserPrincipalName == nil {
            w.null()
        } else {
            w.beginObject()
            w.field("id", e.targetId)
            w.field("userPrincipalName", e.targetUserPrincipalName)
            w.endObject()
        }
        w.key("modifiedProperties")
        w.beginArray()
        for p in e.modifiedProperties {
            w.beginObject()
            w.field("name", p.name)
            w.key("oldValue")
            p.oldValue.write(to: &w)
            w.key("newValue")
            p.newValue.write(to: &w)
            w.endObject()
        }
        w.endArray()
        w.key("steps")
        w.beginArray()
        for s in e.steps {
            w.beginObject()
            w.field("name", s.name)
            w.field("status", s.status.rawValue)
            w.field("detail", s.detail)
            w.endObject()
        }
        w.endArray()
        w.key("error")
        if let error = e.error {
            w.beginObject()
            w.field("code", error.code)
            w.field("reason", error.reason)
            w.field("recommendedAction", error.recommendedAction)
            w.endObject()
        } else {
            w.null()
        }
        w.endObject()
    }

    /// Decodes one entry.
    /// - Throws: `ChangeDecodingError` naming the field.
    public static func decode(_ bytes: [UInt8]) throws(ChangeDecodingError) -> ProvisioningLogEntry {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw ChangeDecodingError(.undecodable, "not JSON: \(error)")
        }
        let r = try FieldReader(value, path: "")
        guard r.value("schema")?.string == ProvisioningLogEntry.schema else {
            throw ChangeDecodingError(.unknownSchema, "schema: expected \(ProvisioningLogEntry.schema)")
        }
        guard let time = Timestamp.parse(try r.string("time")) else { throw r.invalid("time", "expected an RFC 3339 time") }
        guard let action = ProvisioningAction(rawValue: try r.string("action")) else { throw r.invalid("action", "unknown") }
        guard let status = ProvisioningStatus(rawValue: try r.string("status")) else { throw r.invalid("status", "unknown") }
        let source = try r.object("sourceIdentity")
        let target = r.value("targetIdentity") == nil ? nil : try r.object("targetIdentity")
        var modified: [ModifiedProperty] = []
        for (i, v) in (try r.optionalArray("modifiedProperties") ?? []).enumerated() {
            let m = try FieldReader(v, path: "modifiedProperties[\(i)]")
            modified.append(ModifiedProperty(
                name: try m.string("name"), oldValue: PropertyValue(json: m.value("oldValue") ?? .null) ?? .null,
                newValue: PropertyValue(json: m.value("newValue") ?? .null) ?? .null))
        }
        var steps: [ProvisioningStep] = []
        for (i, v) in (try r.optionalArray("steps") ?? []).enumerated() {
            let s = try FieldReader(v, path: "steps[\(i)]")
            guard let stepStatus = ProvisioningStatus(rawValue: try s.string("status")) else { throw s.invalid("status", "unknown") }
            steps.append(ProvisioningStep(name: try s.string("name"), status: stepStatus, detail: try s.optionalString("detail") ?? ""))
        }
        var error: ProvisioningError? = nil
        if r.value("error") != nil {
            let e = try r.object("error")
            error = ProvisioningError(
                code: try e.string("code"), reason: try e.optionalString("reason") ?? "",
                recommendedAction: try e.optionalString("recommendedAction") ?? "")
        }
        return ProvisioningLogEntry(
            id: try r.string("id"), time: time, durationMs: Int(try r.optionalInt64("durationMs") ?? 0),
            changeId: try r.string("changeId"), configurationId: try r.string("configurationId"),
            sourceTenant: try r.string("sourceTenant"), targetTenant: try r.string("targetTenant"), action: action,
            status: status, sourceId: try source.string("id"), sourceDisplayName: try source.optionalString("displayName"),
            targetId: try target?.optionalString("id"), targetUserPrincipalName: try target?.optionalString("userPrincipalName"),
            modifiedProperties: modified, steps: steps, error: error)
    }
}
