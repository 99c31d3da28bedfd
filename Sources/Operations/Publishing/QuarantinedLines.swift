import EventLog
import Foundation
import GitStore
import WorkstreamKit

/// The quarantined lines of the work tree's journal files, for `ws quarantine`: shown clipped and
/// printable (a hostile line may hold escape sequences), removed by line number.
public enum QuarantinedLines {
    /// How much of a line `ws quarantine` shows.
    static let shownCharacters = 240

    /// Whether `target` names `q`: "<file>:<line>" (the file with or without `.ws/journal/`), or its event id.
    public static func matches(_ q: Journal.Quarantined, _ target: String) -> Bool {
        if let id = q.eventId, id == target { return true }
        guard let colon = target.lastIndex(of: ":"), let line = Int(target[target.index(after: colon)...]) else {
            return false
        }
        let file = String(target[..<colon])
        return line == q.line && (file == q.file || "\(Journal.folder)/\(file)" == q.file)
    }

    /// The line's text as the work tree holds it now, clipped; "" when it is gone.
    public static func text(of q: Journal.Quarantined, in workTree: URL) -> String {
        guard q.line > 0, let lines = lines(of: q.file, in: workTree), q.line <= lines.count else { return "" }
        return Text.printable(lines[q.line - 1], shownCharacters)
    }

    /// The file without the given line numbers, as a change to commit (emptied, never deleted: see
    /// `Publisher.fileChanges`); nil when the file cannot be read
    /// or is not a journal file (a quarantine entry is never trusted to name a path outside the journal).
    public static func without(_ numbers: Set<Int>, in file: String, workTree: URL) -> FileChange? {
        let name = String(file.dropFirst(Journal.folder.count + 1))
        guard file.hasPrefix(Journal.folder + "/"), Journal.isName(name),
              let data = OwnedFile.contents(file, in: workTree) else { return nil }
        // By bytes: the other lines go back exactly as they were, whatever they hold.
        var lines = [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let kept = lines.enumerated().filter { !numbers.contains($0.offset + 1) }.map(\.element)
        var out = Data()
        for line in kept { out.append(contentsOf: line); out.append(0x0A) }
        return FileChange(path: file, content: out)
    }

    /// The report after dropping `dropped`: the lines after a dropped one in its file move up.
    public static func renumbered(_ report: [Journal.Quarantined],
                           dropping dropped: [Journal.Quarantined]) -> [Journal.Quarantined] {
        report.filter { !dropped.contains($0) }.map { q in
            var q = q
            q.line -= dropped.filter { $0.file == q.file && $0.line < q.line }.count
            return q
        }
    }

    /// The file's lines, numbered as `JournalLines` numbers them (blank lines count).
    private static func lines(of file: String, in workTree: URL) -> [String]? {
        // Never through a symlink (its target's lines were shown: red team F2).
        guard let data = OwnedFile.contents(file, in: workTree) else { return nil }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
