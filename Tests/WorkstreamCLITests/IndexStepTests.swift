import Foundation
import Testing

/// Commit and index are one step: whatever happens around a ws commit (a `git add` running
/// beside it, `kill -9` at any moment of it), a person's next `git add -A && git commit` takes
/// nothing from ws, and no `git add` of theirs is lost. `WS_INDEX_ROUNDS` sets the kill rounds
/// (20 here, 200 in `make soak`).
@Suite struct IndexStepTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["WS_INDEX_ROUNDS"] ?? "") ?? 20

    @Test func thirtyCompletesBesideALoopOfGitAddLoseNothing() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try startedWorkstreams(s, prefix: "P", count: 30)
        let person = PersonAtGit(s: s)
        let adder = GitAddLoop(person)
        adder.start()
        var results: [Sandbox.Result] = []
        let elapsed = try ContinuousClock().measure {
            let running = try (1...30).map { n in
                try s.launchWS(["complete", "P\(n)", "--force", "--reason", "parallel", "--agent", "agent-\(n % 5)"])
            }
            results = running.map { $0.wait() }
        }
        let (added, refused) = adder.stop()
        for (n, r) in results.enumerated() {
            #expect(r.code == 0 && !r.stderr.contains("could not commit"), "complete P\(n + 1): exit \(r.code): \(r.stderr)")
        }
        // Every event of the log is in HEAD's journal, and the index and work tree agree with HEAD.
        #expect(try person.loggedEventIDs().isSubset(of: person.journalEventIDs()))
        let generatedStatus = try person.generatedStatus()
        #expect(generatedStatus.isEmpty, "\(generatedStatus.prefix(5))")
        // No `git add` was lost: each one that succeeded is still staged.
        let staged = Set(try person.git("diff", "--cached", "--name-only").stdout.split(separator: "\n").map(String.init))
        let lost = added.filter { !staged.contains($0) }
        #expect(lost.isEmpty, "git add lost by a ws commit: \(lost.prefix(5))")
        #expect(!added.isEmpty)
        // The person's commit of everything touches no file of ws's.
        let before = try person.head()
        try person.commitEverything("my files").check()
        #expect(try person.changedFiles(from: before, to: person.head()).isEmpty)
        try s.ws("verify").check()
        print("index: 30 parallel ws complete in \(elapsed) beside \(added.count + refused) git add (\(refused) refused while a lock was held, "
              + "\(added.count) staged, none lost); all 30 committed, index = HEAD for every generated path, verify ok")
    }

    @Test func killNineAroundTheCommitNeverLetsThePersonsCommitUndoWs() throws {
        let s = try Sandbox()
        try s.ws("init").check()
        try startedWorkstreams(s, prefix: "K", count: Self.rounds)
        try startedWorkstreams(s, prefix: "Q", count: 3)
        let person = PersonAtGit(s: s)
        // The length of a whole `ws complete`: the median of three, a little stretched.
        let clock = ContinuousClock()
        let span = try (1...3).map { n in
            try clock.measure { try s.ws("complete", "Q\(n)", "--force", "--reason", "calibration", "--agent", "agent-\(n % 5)").check() }
        }.sorted()[1]
        let spanMicros = UInt32(min(2.0, Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18) * 1.3e6)
        var killed = 0, lockedOut = 0, carried = 0, damaged = 0, reverted = 0
        for round in 1...Self.rounds {
            let args = ["complete", "K\(round)", "--force", "--reason", "round \(round)", "--agent", "agent-\(round % 5)"]
            // Every other round a moment by hook (before the commit, holding the locks, between index and
            // branch); the others at random in the second part of the command, where it commits.
            let result: Sandbox.Result
            if round % 2 == 0 {
                result = try s.ws(args, env: ["WS_TEST_CRASH": ["after-append", "index-locked", "after-index"][(round / 2) % 3]])
            } else {
                let p = try s.launchWS(args)
                usleep(UInt32.random(in: spanMicros / 4...spanMicros))
                kill(p.process.processIdentifier, SIGKILL)
                result = p.wait()
            }
            if result.code == 128 + SIGKILL { killed += 1 } else { #expect(result.code == 0, "round \(round): \(result.stderr)") }

            // The person's turn: a file of their own, and everything committed, as people do.
            try s.write("mine/round-\(round).txt", "round \(round)\n")
            var mine = try person.commitEverything("my files, round \(round)")
            if mine.code != 0 {
                // The killed ws held a git lock: git refuses, as after any killed git, until the next ws command removes it.
                #expect(mine.stderr.contains(".lock"), "round \(round): \(mine.stderr)")
                let next = try s.ws("commit").check()
                #expect(next.stderr.contains("ws: note: removed"), "round \(round): \(next.stderr)")
                lockedOut += 1
                mine = try person.commitEverything("my files, round \(round)")
            }
            try mine.check()
            let theirs = try person.head()
            let damage = try person.damage(of: theirs)
            #expect(damage.isEmpty, "round \(round): \(damage)")
            if !damage.isEmpty { damaged += 1 }
            if try !person.changedFiles(from: "\(theirs)~", to: theirs).isEmpty { carried += 1 }
            // ws catches up (a commit cut off is made now) and finds nothing of the person's commit to put back.
            try s.ws("commit").check()
            let undone = try person.reverted(by: theirs, undoneAt: person.head())
            #expect(undone.isEmpty, "round \(round): the person's commit reverted \(undone)")
            if !undone.isEmpty { reverted += 1 }
            #expect(try person.loggedEventIDs().isSubset(of: person.journalEventIDs()), "round \(round): events missing from the journal")
            let status = try person.generatedStatus()
            #expect(status.isEmpty, "round \(round): \(status.prefix(5))")
            try s.ws("verify").check()
        }
        print("index: \(Self.rounds) kill rounds (random kills spread over \(spanMicros / 4000)–\(spanMicros / 1000) ms), \(killed) killed; the person's "
              + "`git add -A && git commit` was refused by a lock the killed ws held in \(lockedOut) (the next ws command removed it), "
              + "carried ws's newer files in \(carried); it deleted ws's lines or files in \(damaged) and reverted ws's files in \(reverted)")
    }
}

/// A person's `git add` of their own files, over and over, beside ws: which ones succeeded
/// (each must stay staged), and how many git refused because a lock was held.
final class GitAddLoop: @unchecked Sendable {
    private let person: PersonAtGit
    private let lock = NSLock()
    private var stopping = false
    private var added: [String] = []
    private var refused = 0
    private let finished = DispatchSemaphore(value: 0)

    init(_ person: PersonAtGit) { self.person = person }

    func start() { Thread.detachNewThread { self.run() } }

    private func run() {
        var n = 0
        while !lock.withLock({ stopping }) {
            n += 1
            let name = "mine/file-\(n).txt"
            let ok = (try? person.s.write(name, "mine \(n)\n")) != nil && (try? person.git("add", name))?.code == 0
            lock.withLock { if ok { added.append(name) } else { refused += 1 } }
        }
        finished.signal()
    }

    func stop() -> (added: [String], refused: Int) {
        lock.withLock { stopping = true }
        finished.wait()
        return lock.withLock { (added, refused) }
    }
}
