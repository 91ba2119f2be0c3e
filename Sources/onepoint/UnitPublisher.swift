import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain

/// Publishes events as one unit of the topology would: the domain configuration loaded once,
/// every record signed with the unit, stamped with the workers' clock (``WorkersClock``) and
/// checked before it is sent. Used by the commands that act for a unit (`fault`, `ticket`,
/// `assurance`).
struct UnitPublisher {
    let cluster: ClusterOptions
    let domain: DomainConfiguration
    private(set) var source: EventSource
    /// The workers' clock: what "now" means for the events sent.
    let clock: WorkersClock

    /// - Throws: `ValidationError` if the configuration cannot be read or `unit` is not in the topology.
    init(cluster: ClusterOptions, unit: UnitID = "HQ") throws {
        self.cluster = cluster
        do {
            domain = try DomainConfiguration.load(directory: cluster.configDirectory)
        } catch {
            throw ValidationError("\(error)")
        }
        clock = try WorkersClock.load(stateDir: cluster.stateDir)
        source = try Self.source(unit, in: domain)
    }

    /// The same publisher acting for `unit` (configuration and clock already loaded).
    func acting(for unit: UnitID) throws -> UnitPublisher {
        var publisher = self
        publisher.source = try Self.source(unit, in: domain)
        return publisher
    }

    private static func source(_ unit: UnitID, in domain: DomainConfiguration) throws -> EventSource {
        guard domain.topology.contains(unit) else {
            throw ValidationError("unknown unit '\(unit)': it is not in \(domain.path(of: .topology))")
        }
        return EventSource(unit: unit, worker: "onepoint-cli")
    }

    /// The record of `payload` as an event of `type` from this unit at `time` (default: the
    /// workers' now), or a message naming the field at fault.
    func record<Payload: EventPayload>(_ type: EventType, _ payload: Payload, at time: Date? = nil) throws -> EventRecord {
        try EventPublisher.record(type, payload, source: source, topology: domain.topology, at: time ?? clock.now())
    }

    /// Sends `records` and waits for every delivery.
    func publish(_ records: [EventRecord]) async throws {
        try await EventPublisher(cluster: cluster).publish(records)
    }

    /// An instant as people read it, in the calendar's time zone; "—" for none.
    func format(_ date: Date?) -> String {
        date.map { ISOTime.format($0, in: domain.calendar.timeZone) } ?? "—"
    }

    /// `--at` and friends: an ISO-8601 instant with offset, or the workers' now when the flag is absent.
    func instant(_ text: String?, _ flag: String) throws -> Date {
        guard let text else { return clock.now() }
        do {
            return try ISOTime.parse(text, role: flag)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// A new id such as `FR-20261123-100000-1a2b`: the prefix, the time in Beijing and a random suffix.
    static func newID(_ prefix: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "\(prefix)-\(formatter.string(from: Date()))-\(UUID().uuidString.prefix(4).lowercased())"
    }
}
