import Foundation
import OnePointContracts
import Testing

/// The ACLs of the compose stack (`scripts/kafka-security.sh`) follow the topic catalogue: each
/// worker may write exactly its outputs and the dead letters, and read exactly its inputs. The
/// script is not run here (no Docker, no Kafka); its lists are compared with `WorkerKind`.
@Suite("The compose ACLs match each worker's inputs and outputs")
struct KafkaSecurityScriptTests {
    /// `[worker]="a b c"` entries of the `declare -A NAME=(` block.
    func table(_ name: String, in script: String) throws -> [String: Set<String>] {
        let block = try #require(script.components(separatedBy: "declare -A \(name)=(").dropFirst().first?.components(separatedBy: "\n)").first)
        var result: [String: Set<String>] = [:]
        for line in block.split(separator: "\n") {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let worker = parts[0].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            result[worker] = Set(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).split(separator: " ").map(String.init))
        }
        return result
    }

    @Test("READS and WRITES of scripts/kafka-security.sh are WorkerKind.inputs and .outputs")
    func aclsFollowTheCatalogue() throws {
        let script = try String(contentsOfFile: "scripts/kafka-security.sh", encoding: .utf8)
        let reads = try table("READS", in: script)
        let writes = try table("WRITES", in: script)
        for worker in WorkerKind.allCases {
            #expect(reads[worker.rawValue] == Set(worker.inputs.map(\.rawValue)), "\(worker) reads")
            #expect(writes[worker.rawValue] == Set(worker.outputs.map(\.rawValue)), "\(worker) writes (dead letters are added to every worker)")
        }
        // Each worker reads and writes its own internal topics: its changelog and, when it routes
        // inputs, its repartition topic (onepoint.<name>).
        let internalTopics = try table("INTERNAL", in: script)
        for worker in WorkerKind.allCases {
            let topics = worker.internalTopics()
            let expected = Set([topics.changelog] + (topics.repartition.map { [$0] } ?? []))
            #expect(Set((internalTopics[worker.rawValue] ?? []).map { "onepoint.\($0)" }) == expected, "\(worker)'s internal topics")
        }
        let all = try #require(script.components(separatedBy: "ALL_TOPICS=\"").dropFirst().first?.components(separatedBy: "\"").first)
        #expect(Set(all.split(separator: " ").map(String.init)) == Set(Topic.allCases.map(\.rawValue)))
    }

    @Test("units write the command kinds of Topic.unitCommandTopics only on their own topics, and the compose stack runs with unitTopics on")
    func unitTopics() throws {
        let script = try String(contentsOfFile: "scripts/kafka-security.sh", encoding: .utf8)
        func list(_ name: String) throws -> Set<String> {
            let text = try #require(script.components(separatedBy: "\n\(name)=\"").dropFirst().first?.components(separatedBy: "\"").first)
            return Set(text.split(separator: " ").map(String.init))
        }
        let kinds = try list("UNIT_TOPICS")
        #expect(kinds == Set(Topic.unitCommandTopics.map(\.rawValue)))
        #expect(try list("UNIT_WRITES").isDisjoint(with: kinds), "no unit writes the shared topic of a command kind")
        #expect(try list("HQ_WRITES").isDisjoint(with: kinds))

        let security = try String(contentsOfFile: "compose/security.yaml", encoding: .utf8)
        #expect(security.contains("\n  unitTopics: true"))
        let compose = try String(contentsOfFile: "docker-compose.yml", encoding: .utf8)
        let mounts = compose.components(separatedBy: "./compose/security.yaml:/etc/onepoint/security.yaml:ro").count - 1
        #expect(mounts == 8, "the topics job, the six worker instances (two of the fault worker, two of the provisioning worker) and the CLI")
    }
}
