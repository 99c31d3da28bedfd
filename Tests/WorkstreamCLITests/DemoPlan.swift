import Foundation

/// The example plan shipped in examples/, used by tests as it is.
enum DemoPlan {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/infrastructure-plan.yaml")
    static var yaml: String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
}
