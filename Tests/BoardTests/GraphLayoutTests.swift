@testable import Board
import Testing

@Suite struct GraphLayoutTests {
    /// Every node sits to the right of each of its dependencies.
    @Test func dependenciesComeFirst() {
        // A ← B ← D, A ← C ← D, E alone
        let ids = ["A", "B", "C", "D", "E"]
        let layout = GraphLayout(ids: ids, dependsOn: [[], [0], [0], [1, 2], []])
        let layer = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, $0.layer) })
        #expect(layer == ["A": 0, "B": 1, "C": 1, "D": 2, "E": 0])
        #expect(layout.layerCount == 3)
        #expect(layout.edges.count == 4)
        for (from, to) in layout.edges { #expect(layout.nodes[from].layer < layout.nodes[to].layer) }
    }

    /// No two nodes share a place.
    @Test func placesAreDistinct() {
        let n = 60
        let deps = (0..<n).map { i in i < 6 ? [] : [i % 6, (i * 7) % i] }
        let layout = GraphLayout(ids: (0..<n).map { "N\($0)" }, dependsOn: deps)
        let places = Set(layout.nodes.map { "\($0.layer):\($0.row)" })
        #expect(places.count == n)
    }

    /// The barycenter sweeps untangle two crossed chains.
    @Test func crossingsAreRemoved() {
        // A1 ← B2 and A2 ← B1, listed so that the first order crosses.
        let layout = GraphLayout(ids: ["A1", "A2", "B1", "B2"], dependsOn: [[], [], [1], [0]])
        let row = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, $0.row) })
        #expect(row["A1"] == row["B2"])
        #expect(row["A2"] == row["B1"])
    }

    /// A cycle (two clones can close one) is drawn, not looped over.
    @Test func cyclesEndInALastColumn() {
        let layout = GraphLayout(ids: ["A", "B", "C"], dependsOn: [[], [2], [1]])
        #expect(layout.nodes.count == 3)
        #expect(layout.nodes[1].layer == layout.nodes[2].layer)
        #expect(layout.nodes[1].layer > layout.nodes[0].layer)
    }
}

@Suite struct ChainLayoutTests {
    /// The critical path reads in rows, each link to the next.
    @Test func chainWrapsInRows() {
        let layout = GraphLayout(chain: (1...14).map { "C\($0)" }, perRow: 6)
        #expect(layout.layerCount == 6)
        #expect(layout.rowCount == 3)
        #expect(layout.nodes.map(\.layer) == [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1])
        #expect(layout.nodes.map(\.row) == [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2])
        #expect(layout.edges.count == 13)
        #expect(layout.edges.allSatisfy { $0.to == $0.from + 1 })
    }
}
