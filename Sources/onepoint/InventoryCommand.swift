import ArgumentParser
import Foundation
import OnePointConfig
import OnePointContracts
import OnePointDomain

/// `onepoint inventory load FILE`: publishes customers, circuits and network elements to the
/// compacted inventory topic, where every worker reads them.
struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Publish the inventory of customers, circuits and network elements.",
        subcommands: [Load.self])

    /// The file format: the payloads of `CustomerUpdateEvent`, `CircuitUpdateEvent` and
    /// `NetworkElementUpdateEvent` (docs/events.md), in three lists.
    struct InventoryFile: Decodable {
        var customers: [Customer] = []
        var circuits: [Circuit] = []
        var networkElements: [NetworkElement] = []

        enum CodingKeys: String, CodingKey { case customers, circuits, networkElements }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            customers = try container.decodeIfPresent([Customer].self, forKey: .customers) ?? []
            circuits = try container.decodeIfPresent([Circuit].self, forKey: .circuits) ?? []
            networkElements = try container.decodeIfPresent([NetworkElement].self, forKey: .networkElements) ?? []
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish every entity of FILE (JSON: customers, circuits, networkElements) to the inventory topic.",
            discussion: "Each entity is checked against the topology and its schema first; nothing is sent if any is wrong. See config/inventory.sample.json.")

        @Argument(help: "The inventory file (JSON).") var file: String
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let inventory = try Self.read(file)
            let domain = try DomainConfiguration.load(directory: cluster.configDirectory)
            let records = try Self.records(inventory, source: EventSource(unit: UnitID("HQ"), worker: "onepoint-cli"), topology: domain.topology, at: Date())
            try await EventPublisher(cluster: cluster).publish(records)
            let names = try await cluster.topicNames()
            print("published \(inventory.customers.count) customers, \(inventory.circuits.count) circuits and \(inventory.networkElements.count) network elements to \(names[.inventory] ?? Topic.inventory.defaultName)")
        }

        /// Reads an inventory file, or says what in it is wrong.
        static func read(_ file: String) throws -> InventoryFile {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            do {
                return try JSONDecoder().decode(InventoryFile.self, from: data)
            } catch let error as DecodingError {
                throw ValidationError("\(file): \(Self.describe(error))")
            }
        }

        /// Every entity of `inventory` as a checked record from `source`, or the first problem
        /// with its place in the file.
        static func records(_ inventory: InventoryFile, source: EventSource, topology: Topology, at now: Date) throws -> [EventRecord] {
            var records: [EventRecord] = []
            for (index, customer) in inventory.customers.enumerated() {
                records.append(try record(.customerUpdate, customer, now, source, topology, at: "customers[\(index)]"))
            }
            for (index, circuit) in inventory.circuits.enumerated() {
                records.append(try record(.circuitUpdate, circuit, now, source, topology, at: "circuits[\(index)]"))
            }
            for (index, element) in inventory.networkElements.enumerated() {
                records.append(try record(.networkElementUpdate, element, now, source, topology, at: "networkElements[\(index)]"))
            }
            return records
        }

        static func record<Payload: EventPayload>(
            _ type: EventType, _ payload: Payload, _ now: Date, _ source: EventSource, _ topology: Topology, at path: String
        ) throws -> EventRecord {
            do {
                return try EventRecord(EventEnvelope(type, event: payload, eventTime: now, source: source), topology: topology)
            } catch {
                throw ValidationError("\(path): \(error)")
            }
        }

        static func describe(_ error: DecodingError) -> String {
            func path(_ context: DecodingError.Context) -> String {
                context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            }
            switch error {
            case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue): missing"
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                return "\(path(context)): \(context.debugDescription)"
            @unknown default: return "\(error)"
            }
        }
    }
}
