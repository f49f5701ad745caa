//! The documentation a clone carries holds together: every relative link in every Markdown file
//! of the repository names a file that exists inside it, and every `#anchor` a heading of that
//! file (GitHub's slugs), and neither the docs nor the sources point at files outside the
//! repository. External links are not fetched.
//!
//! The Markdown read here is the subset the docs use: ATX headings, fenced code blocks, code
//! spans, inline links and images, reference definitions. Every scan is one pass over the text.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Names that mean a file outside the repository: the folder a checkout sits beside, and a
/// contract document that is not part of it.
const OUTSIDE_REFERENCES: [&str; 2] = ["../shared", "CONTRACT.md"];

/// Directories never walked: build output, version control, tool caches (`bench/.tools/` holds
/// installed packages with Markdown of their own).
fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` whose name ends with `extension`, outside skipped directories.
fn files_with_extension(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|entry| entry.unwrap()).collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() && !skipped_dir(&name) {
            files_with_extension(&entry.path(), extension, found);
        } else if kind.is_file() && name.ends_with(extension) {
            found.push(entry.path());
        }
    }
}

/// GitHub's anchor for a heading's text: markup dropped, lower case, every character that is not
/// a letter, digit, `_`, `-` or space dropped (Cyrillic letters stay), each space a `-`.
fn slug(heading: &str) -> String {
    rendered(heading)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// A heading's text as shown: a link is its text, code spans lose their backticks (the slug
/// drops the other markup characters anyway).
fn rendered(heading: &str) -> String {
    let mut out = String::new();
    let mut rest = heading;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            let target = &after[close + 2..];
            target.find(')').map(|end| (close, close + 2 + end + 1))
        }) {
            Some((close, end)) => {
                out.push_str(&after[..close]);
                rest = &after[end..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace('`', "")
}

/// The ATX headings of a document outside fenced code, as GitHub anchors them (a repeated slug
/// gets `-1`, `-2`, …).
fn anchors(text: &str) -> HashSet<String> {
    let mut anchors = HashSet::new();
    for line in outside_fences(text).into_iter().flat_map(|(_, block)| block) {
        let Some(heading) = atx_heading(line) else { continue };
        let base = slug(heading);
        let mut candidate = base.clone();
        let mut n = 0;
        while anchors.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        anchors.insert(candidate);
    }
    anchors
}

/// The text of an ATX heading line (`## Text`, up to three spaces in front, an optional closing
/// run of `#` after a space), or `None` for any other line.
fn atx_heading(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let marked = &line[indent..];
    let level = marked.chars().take_while(|c| *c == '#').count();
    let rest = &marked[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim();
    let unclosed = text.trim_end_matches('#');
    Some(match unclosed {
        "" => "",
        _ if unclosed.ends_with([' ', '\t']) => unclosed.trim_end(),
        _ => text,
    })
}

/// The document's lines outside fenced code blocks, grouped into blocks of consecutive
/// non-blank lines, each with the number of its first line.
fn outside_fences(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, Vec<&str>)> = None;
    let mut fence: Option<(char, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| trimmed.chars().take_while(|c| *c == m).count());
        if let Some((open, length)) = fence {
            if marker == Some(open) && run >= length && trimmed[run..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if run >= 3 {
            blocks.extend(current.take());
            fence = marker.map(|m| (m, run));
            continue;
        }
        if line.trim().is_empty() {
            blocks.extend(current.take());
        } else {
            current.get_or_insert_with(|| (index + 1, Vec::new())).1.push(line);
        }
    }
    blocks.extend(current);
    blocks
}

/// A block with its code spans blanked out (a run of N backticks up to the next run of exactly
/// N), keeping line breaks, so nothing inside code reads as a link.
fn without_code_spans(block: &str) -> String {
    let chars: Vec<char> = block.chars().collect();
    let mut out = String::with_capacity(block.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|c| **c == '`').count();
        let mut j = i + run;
        let mut close = None;
        while j < chars.len() {
            if chars[j] == '`' {
                let other = chars[j..].iter().take_while(|c| **c == '`').count();
                if other == run {
                    close = Some(j + other);
                    break;
                }
                j += other;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                out.extend(chars[i..end].iter().map(|c| if *c == '\n' { '\n' } else { ' ' }));
                i = end;
            }
            None => {
                out.extend(&chars[i..i + run]);
                i += run;
            }
        }
    }
    out
}

/// Every link target of a document with its line: inline links and images `[text](target)`,
/// and reference definitions `[name]: target`. Code is not read.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (first_line, lines) in outside_fences(text) {
        let block = without_code_spans(&lines.join("\n"));
        for (offset, _) in block.match_indices("](") {
            let line = first_line + block[..offset].matches('\n').count();
            if let Some(target) = inline_target(&block[offset + 2..]) {
                found.push((line, target));
            }
        }
        for (index, line) in block.lines().enumerate() {
            let definition = line
                .trim_start()
                .strip_prefix('[')
                .and_then(|rest| rest.split_once("]:"));
            let Some((name, destination)) = definition.filter(|(name, _)| !name.contains(['[', ']'])) else {
                continue;
            };
            if let Some(target) = destination.split_whitespace().next().filter(|_| !name.is_empty()) {
                found.push((first_line + index, target.trim_matches(['<', '>']).to_owned()));
            }
        }
    }
    found
}

/// The destination of an inline link from just after its `](`: up to the `)` that closes it
/// (parentheses inside are balanced) or the space before a title.
fn inline_target(after: &str) -> Option<String> {
    if let Some(bracketed) = after.strip_prefix('<') {
        return bracketed.split_once('>').map(|(target, _)| target.to_owned());
    }
    let mut depth = 0usize;
    for (index, c) in after.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(after[..index].to_owned()),
            ')' => depth -= 1,
            c if c.is_whitespace() => return Some(after[..index].to_owned()),
            _ => {}
        }
    }
    None
}

fn is_external(target: &str) -> bool {
    let scheme = target.split(':').next().unwrap_or("");
    target.contains(':')
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `%XX` escapes decoded as UTF-8 (an anchor with Cyrillic letters may be written either way).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `path` with `.` and `..` worked out, without touching the file system; `None` when it climbs
/// above the root it starts from.
fn normalised(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// What is wrong with the links of every Markdown file under `root`, one line each.
fn broken_links(root: &Path) -> Vec<String> {
    let mut documents = Vec::new();
    files_with_extension(root, ".md", &mut documents);
    let mut problems = Vec::new();
    for document in &documents {
        let name = document.strip_prefix(root).unwrap().to_path_buf();
        let text = fs::read_to_string(document).unwrap();
        for (line, target) in links(&text) {
            let at = format!("{}:{line}: {target}", name.display());
            if OUTSIDE_REFERENCES.iter().any(|outside| target.contains(outside)) {
                problems.push(format!("{at}: names a file outside the repository"));
                continue;
            }
            if is_external(&target) {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let path = percent_decoded(path);
            let relative = if path.is_empty() {
                Some(name.clone())
            } else if path.starts_with('/') {
                normalised(Path::new(path.trim_start_matches('/')))
            } else {
                normalised(&name.parent().unwrap_or(Path::new("")).join(&path))
            };
            let Some(relative) = relative else {
                problems.push(format!("{at}: leaves the repository"));
                continue;
            };
            let file = root.join(&relative);
            if !file.exists() {
                problems.push(format!("{at}: no such file {}", relative.display()));
                continue;
            }
            let anchor = percent_decoded(anchor);
            if !anchor.is_empty() && file.extension().is_some_and(|extension| extension == "md") {
                let headings = anchors(&fs::read_to_string(&file).unwrap());
                if !headings.contains(&anchor) {
                    problems.push(format!("{at}: no heading #{anchor} in {}", relative.display()));
                }
            }
        }
    }
    problems
}

/// Where a Markdown file or a source file names a file outside the repository, links or not.
fn outside_references(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    files_with_extension(root, ".md", &mut files);
    files_with_extension(&root.join("src"), ".rs", &mut files);
    let mut problems = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (index, line) in text.lines().enumerate() {
            for outside in OUTSIDE_REFERENCES.iter().filter(|outside| line.contains(**outside)) {
                let name = file.strip_prefix(root).unwrap().display().to_string();
                problems.push(format!("{name}:{}: names {outside}", index + 1));
            }
        }
    }
    problems
}

#[test]
fn every_relative_link_in_the_docs_names_a_file_and_a_heading_that_exist() {
    let problems = broken_links(&repository());
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
    let mut documents = Vec::new();
    files_with_extension(&repository(), ".md", &mut documents);
    let read: Vec<_> = documents
        .iter()
        .map(|path| path.strip_prefix(repository()).unwrap())
        .collect();
    for expected in [
        "README.md",
        "docs/vendors/lifepos.md",
        "docs/control-plane.md",
        "docs/reliability.md",
    ] {
        assert!(
            read.contains(&Path::new(expected)),
            "{expected} is among the files read: {read:?}"
        );
    }
}

#[test]
fn neither_docs_nor_sources_name_files_outside_the_repository() {
    let problems = outside_references(&repository());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn slugs_follow_githubs_rules() {
    assert_eq!(slug("Control plane (`/_emulator`)"), "control-plane-_emulator");
    assert_eq!(slug("СУП (`/sup`)"), "суп-sup");
    assert_eq!(
        slug("Audit against the vendor's pages"),
        "audit-against-the-vendors-pages"
    );
    assert_eq!(
        slug("`POST /Api/V1/Certificate/SetBind`"),
        "post-apiv1certificatesetbind"
    );
    assert_eq!(
        slug("The live journal (`GET /_emulator/journal/stream`)"),
        "the-live-journal-get-_emulatorjournalstream"
    );
    assert_eq!(slug("See [the tour](README.md#tour) — twice"), "see-the-tour--twice");
    let repeated = anchors("# Notes\n\n## Notes\n\n```sh\n# Notes\n```\n\n### Notes ###\n");
    let expected: HashSet<String> = ["notes", "notes-1", "notes-2"].map(String::from).into();
    assert_eq!(repeated, expected, "a comment inside a code block is no heading");
}

#[test]
fn links_in_code_are_not_read() {
    let text = "See [a](a.md) and `[b](b.md)`, ``[c](c.md) ` x``.\n\n```md\n[d](d.md)\n```\n\n\
                ![e](img/e.png \"title\") [f](<f g.md>) [h](x_(1).md#top)\n\n[i]: i.md\n";
    let targets: Vec<String> = links(text).into_iter().map(|(_, target)| target).collect();
    assert_eq!(targets, ["a.md", "img/e.png", "f g.md", "x_(1).md#top", "i.md"]);
    let lines: Vec<usize> = links("x\n\ny `a\n[b](c)` z\n[d](e)\n")
        .into_iter()
        .map(|(line, _)| line)
        .collect();
    assert_eq!(
        lines,
        [5],
        "a code span across lines hides its link; the next line's is on line 5"
    );
}

#[test]
fn the_checker_finds_each_kind_of_broken_link() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("docs/vendors")).unwrap();
    fs::create_dir_all(root.path().join("target")).unwrap();
    fs::write(
        root.path().join("README.md"),
        "# Демо доступ\n\n[ok](docs/vendors/a.md#sources) [ok](#демо-доступ) [ok](https://example.com/x.md)\n\
         [gone](docs/missing.md) [anchor](docs/vendors/a.md#nowhere) [out](../../etc/passwd)\n\
         [shared](../shared/x.md)\n",
    )
    .unwrap();
    fs::write(
        root.path().join("docs/vendors/a.md"),
        "# A\n\n## Sources\n\n[back](../../README.md#%D0%B4%D0%B5%D0%BC%D0%BE-%D0%B4%D0%BE%D1%81%D1%82%D1%83%D0%BF)\n",
    )
    .unwrap();
    fs::write(root.path().join("target/ignored.md"), "[gone](nowhere.md)\n").unwrap();
    assert_eq!(
        broken_links(root.path()),
        [
            "README.md:4: docs/missing.md: no such file docs/missing.md",
            "README.md:4: docs/vendors/a.md#nowhere: no heading #nowhere in docs/vendors/a.md",
            "README.md:4: ../../etc/passwd: leaves the repository",
            "README.md:5: ../shared/x.md: names a file outside the repository",
        ],
        "the links that hold (a Cyrillic anchor, percent-encoded or not, an external link) and target/ are not reported"
    );
    fs::create_dir_all(root.path().join("src")).unwrap();
    fs::write(root.path().join("src/lib.rs"), "//! As CONTRACT.md says.\n").unwrap();
    assert_eq!(
        outside_references(root.path()),
        ["README.md:5: names ../shared", "src/lib.rs:1: names CONTRACT.md"]
    );
}
