import ArgumentParser
import OnePointConfig
import OnePointContracts
import OnePointProvisioning
import OnePointRuntime

/// The provisioning worker: service orders and resource checks in, work orders, order events,
/// warnings, escalations and assessment records out (`docs/provisioning.md`).
@main
struct ProvisioningWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onepoint-provisioning",
        abstract: "OnePoint's provisioning worker: dispatches orders across HQ, province and city units and keeps their clocks.")

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerHost.run(.provisioning, options: options) { settings, configDirectory in
            ProvisioningLogic(configuration: try DomainConfiguration.load(directory: configDirectory), topics: settings.topics)
        }
    }
}
