import CLibGit2
import Foundation

/// An object id, copied out of libgit2 at once.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    var raw: git_oid

    init(_ raw: git_oid) { self.raw = raw }

    public var description: String {
        var oid = raw
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &oid)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func == (a: ObjectID, b: ObjectID) -> Bool {
        var x = a.raw, y = b.raw
        return git_oid_equal(&x, &y) != 0
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

/// Owns a `git_tree`.
final class Tree {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tree_free(pointer) }

    var id: ObjectID { ObjectID(git_tree_id(pointer).pointee) }

    /// The id of the entry at `path` (when given, only of that `type`), or nil when there is none.
    func entryID(_ path: String, type: git_object_t? = nil) throws -> ObjectID? {
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, pointer, path)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "find \(path)")
        defer { git_tree_entry_free(entry) }
        if let type, git_tree_entry_type(entry) != type { return nil }
        return ObjectID(git_tree_entry_id(entry).pointee)
    }
}

/// Owns a `git_commit`.
final class Commit {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_commit_free(pointer) }

    var id: ObjectID { ObjectID(git_commit_id(pointer).pointee) }
    var message: String { git_commit_message(pointer).map { String(cString: $0) } ?? "" }

    func tree() throws -> Tree {
        Tree(try made("commit tree") { git_commit_tree(&$0, pointer) })
    }
}

/// Owns a `git_signature`.
final class Signature {
    let pointer: UnsafeMutablePointer<git_signature>
    init(_ pointer: UnsafeMutablePointer<git_signature>) { self.pointer = pointer }
    deinit { git_signature_free(pointer) }

    static func now(name: String, email: String) throws -> Signature {
        Signature(try made("signature") { git_signature_now(&$0, name, email) })
    }
}

/// Owns a `git_index`.
final class Index {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_index_free(pointer) }
}

/// Owns a `git_odb`.
final class ObjectDatabase {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_odb_free(pointer) }

    func contains(_ id: git_oid) -> Bool {
        var oid = id
        return git_odb_exists(pointer, &oid) == 1
    }
}
