import Foundation

/// Processes by parent, read from `/proc/PID/stat` (present on every Linux).
public enum ProcessTree {
    /// The pids whose parent is `pid`.
    public static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { parent(of: $0) == pid }.sorted()
    }

    /// Field 4 of `/proc/PID/stat`, read after the command name's closing parenthesis (the name may hold
    /// spaces and parentheses itself).
    public static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.range(of: ")", options: .backwards)
        else { return nil }
        let fields = stat[close.upperBound...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// Live (not zombie) processes whose process group is `group`.
    public static func liveMembers(ofGroup group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.range(of: ")", options: .backwards)
            else { return false }
            let fields = stat[close.upperBound...].split(separator: " ")  // state, ppid, pgrp, ...
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
        }
    }

    /// Whether `pid` names a live process (a zombie counts as gone).
    public static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.range(of: ")", options: .backwards)
        else { return false }
        return stat[close.upperBound...].split(separator: " ").first != "Z"
    }
}
