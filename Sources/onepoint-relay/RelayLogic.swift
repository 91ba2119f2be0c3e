import Foundation
import GRDB
import OnePointRuntime
import OnePointState

/// The smallest complete worker, for the runtime's crash test and benchmark: each input is a
/// decimal number `n`; the worker adds it to its key's count and total in SQLite and emits `n` to
/// the output topic with the stable event id `<prefix>-<n>`. Input ids are the `eventId` header
/// when present, else `n` itself, so a duplicate upstream is applied once. Records of the global
/// topic, if any, are kept as reference rows (key → number) and emit nothing.
struct RelayLogic: WorkerLogic {
    let outputTopic: String
    let eventPrefix: String
    var globalTopic: String?
    /// With a repartition topic: inputs meet by route `r<n % routeModulo>`; 0: no routes.
    var routeModulo = 0

    func migrate(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("relay-1") { db in
            try db.execute(sql: "CREATE TABLE relay_totals (key TEXT PRIMARY KEY NOT NULL, count INTEGER NOT NULL, total INTEGER NOT NULL)")
        }
        migrator.registerMigration("relay-2-reference") { db in
            try db.execute(sql: "CREATE TABLE relay_reference (key TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL)")
        }
        migrator.registerMigration("relay-3-routes") { db in
            try db.execute(sql: "CREATE TABLE relay_routes (route TEXT PRIMARY KEY NOT NULL, task INTEGER NOT NULL, count INTEGER NOT NULL, total INTEGER NOT NULL)")
        }
    }

    func decode(_ record: InputRecord) throws(InputRejection) -> DecodedInput<(key: String, n: Int, reference: Bool)> {
        guard let value = record.value else { throw InputRejection(.nullPayload, "a relay input needs a number, got a null payload") }
        guard let n = Self.number(value) else {
            guard let text = String(validating: value, as: UTF8.self) else { throw InputRejection(.invalidUTF8, "the payload is not valid UTF-8") }
            throw InputRejection(.malformed, "expected a decimal number, got '\(text.prefix(40))'")
        }
        let id = record.header("eventId") ?? "n-\(n)"
        return DecodedInput(id: id, input: (key: record.keyText ?? "", n: n, reference: record.topic == globalTopic))
    }

    /// The decimal number `bytes` hold (ASCII digits with an optional sign, surrounded by
    /// whitespace), read without building a string; `nil` for anything else.
    static func number(_ bytes: [UInt8]) -> Int? {
        let isSpace = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return nil }
        var index = first
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative || bytes[index] == UInt8(ascii: "+") { index += 1 }
        guard index <= last else { return nil }
        var n = 0
        while index <= last {
            let digit = Int(bytes[index]) - 0x30
            guard (0...9).contains(digit) else { return nil }
            let (times, overflow) = n.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdding) = times.addingReportingOverflow(negative ? -digit : digit)
            guard !overflow, !overflowAdding else { return nil }
            n = sum
            index += 1
        }
        return n
    }

    func route(_ input: (key: String, n: Int, reference: Bool), in db: Database) throws -> String? {
        routeModulo > 0 && !input.reference ? "r\(input.n % routeModulo)" : nil
    }

    func apply(_ input: (key: String, n: Int, reference: Bool), in context: inout DecisionContext) throws {
        if input.reference {
            try context.db.cachedStatement(sql: "INSERT INTO relay_reference (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = excluded.n")
                .execute(arguments: [input.key, input.n])
            return
        }
        if routeModulo > 0 {
            try context.db.cachedStatement(sql: """
                INSERT INTO relay_routes (route, task, count, total) VALUES (?, ?, 1, ?)
                ON CONFLICT (route) DO UPDATE SET count = count + 1, total = total + excluded.total, task = excluded.task
                """).execute(arguments: ["r\(input.n % routeModulo)", context.task, input.n])
        }
        let statement = try BoundStatement(context.db, sql: """
            INSERT INTO relay_totals (key, count, total) VALUES (?, 1, ?)
            ON CONFLICT (key) DO UPDATE SET count = count + 1, total = total + excluded.total
            """)
        statement.bind(1, input.key)
        statement.bind(2, Int64(input.n))
        try statement.run()
        try context.emit(topic: outputTopic, key: input.key, value: Array(String(input.n).utf8), eventID: "\(eventPrefix)-\(input.n)")
    }
}
