import Foundation

/// Reads a file or a stream line by line, in 1 MiB chunks, handing each line with its 1-based number.
///
/// Lines end with `\n`; a trailing `\r` is removed. The last line needs no newline.
public enum LineReader {
    /// Calls `body` for every line of `handle` until end of file.
    /// - Returns: the number of lines (the last line number).
    /// - Throws: read errors, and whatever `body` throws.
    @discardableResult
    public static func forEachLine(in handle: FileHandle, _ body: ([UInt8], Int) throws -> Void) throws -> Int {
        var pending: [UInt8] = []
        var number = 0
        func emit(_ slice: ArraySlice<UInt8>) throws {
            number += 1
            var line = Array(slice)
            if line.last == 0x0D { line.removeLast() }
            try body(line, number)
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try emit(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty { try emit(pending[...]) }
        return number
    }

    /// Calls `body` for every line of the file at `path`.
    /// - Throws: Foundation's error when the file cannot be opened or read; `body`'s errors.
    @discardableResult
    public static func forEachLine(atPath path: String, _ body: ([UInt8], Int) throws -> Void) throws -> Int {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        return try forEachLine(in: handle, body)
    }
}
