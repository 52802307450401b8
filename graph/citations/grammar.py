"""Grammar of Vietnamese legal citations over the tokens of graph/citations/tokens.py.

    citation   := provisions [OF] [document] | document | STD
    provisions := group ((COMMA | AND) group)*          (a list of articles, each with its clauses and points)
    group      := [points] [clauses] article | chapter
    points     := POINT LETTER ((COMMA | AND) [POINT] LETTER)*
    clauses    := CLAUSE NUM ((COMMA | AND) [CLAUSE] NUM)*       (points before a clause belong to it)
    article    := ARTICLE (NUM | THIS)                  "Điều này": the article the text is in
    chapter    := CHAPTER ROMAN
    document   := DOCTYPE THIS | DOCTYPE [SO] DOCNUM | "Luật" <name of a law>

A reference with no document is to the document the text is in. "Điều này" and "Luật này" alone (the text
naming itself) are not citations. Sections, appendices and forms (Mục, Phụ lục, Biểu mẫu) are out of scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.citations.tokens import Token, normalize_std

Path = tuple[tuple[str, str], ...]  # (('dieu', '5'), ('khoan', '1'), ('diem', 'a')), outermost first


@dataclass(frozen=True)
class DocRef:
    """The document of a citation: 'self' (the containing one), a number, or a law name."""

    kind: str  # "self" (named "… này"), "implicit" (no document named), "number", "name" or "unknown"
    value: str = ""
    doctype: str = ""


@dataclass
class Citation:
    """One cited target: provision path (empty for a whole document), document, standard code, and span;
    `mention`: how a standard code is only mentioned, not relied on ("example", "replaced-title":
    graph/citations/mentions.py), None when it is cited."""

    start: int
    end: int
    path: Path = ()
    doc: DocRef | None = None
    standard: str | None = None
    mention: str | None = None


class Parser:
    """A recursive-descent parser over a token list; `parse` returns every citation found, in text order."""

    def __init__(self, tokens: list[Token], law_names: dict[str, str], text: str) -> None:
        self.t, self.i, self.names, self.text = tokens, 0, law_names, text

    def peek(self, offset: int = 0) -> Token | None:
        """The token at the cursor (+offset), if any."""
        j = self.i + offset
        return self.t[j] if j < len(self.t) else None

    def kind(self, offset: int = 0) -> str:
        """Kind of the token at the cursor (+offset); '' past the end."""
        tok = self.peek(offset)
        return tok.kind if tok else ""

    def parse(self) -> list[Citation]:
        """Every citation of the text."""
        out: list[Citation] = []
        while self.i < len(self.t):
            start = self.i
            found = self.citation()
            if found:
                out += found
            else:
                self.i = start + 1
        return out

    def citation(self) -> list[Citation]:
        """A citation starting at the cursor, or [] (cursor unchanged)."""
        tok = self.peek()
        if tok is None:
            return []
        if tok.kind == "STD":
            self.i += 1
            return [Citation(tok.start, tok.end, standard=normalize_std(tok.text))]
        if tok.kind in ("POINT", "CLAUSE", "ARTICLE", "CHAPTER"):
            return self.provisions()
        if tok.kind == "DOCTYPE":
            start = self.i
            doc, end = self.document()
            if doc is not None and doc.kind != "self":
                return [Citation(tok.start, end, (), doc)]
            self.i = start
        return []

    def provisions(self) -> list[Citation]:
        """Provision groups, each batch with the document named after it ("khoản 2 Điều này và khoản 1
        Điều 5 Nghị định số 127/2007/NĐ-CP": two documents); groups with no document are in this one."""
        out: list[Citation] = []
        pending: list[Path] = []
        begin = self.peek().start  # type: ignore[union-attr]
        while True:
            group = self.group()
            if not group:
                break
            pending += group
            self.locators()
            end = self.t[self.i - 1].end
            doc, doc_end = self.designator()
            if doc is not None:
                out += self.close(pending, doc, begin, doc_end)
                pending = []
            if self.kind() in ("COMMA", "AND") and self.kind(1) in ("POINT", "CLAUSE", "ARTICLE", "CHAPTER"):
                self.i += 1
                if not pending:
                    begin = self.t[self.i].start
                continue
            break
        if pending:
            out += self.close(pending, DocRef("implicit"), begin, end)
        return out

    def locators(self) -> None:
        """Skip "Mục 1 Chương III" after an article: they only say where the article is."""
        if self.kind() == "WORD" and self.t[self.i].text == "Mục" and self.kind(1) in ("NUM", "ROMAN"):
            self.i += 2
        if self.kind() == "CHAPTER" and self.kind(1) == "ROMAN" and self.kind(2) in ("OF", "DOCTYPE"):
            self.i += 2

    def close(self, paths: list[Path], doc: DocRef, start: int, end: int) -> list[Citation]:
        """Citations of a batch of paths in one document; "Điều này" paths are in this document."""
        return [Citation(start, end, p, DocRef("self") if p[0] == ("dieu", "này") else doc)
                for p in paths if p != (("dieu", "này"),)]

    def designator(self) -> tuple[DocRef | None, int]:
        """[của] document after a group; a document the grammar cannot name is kept as 'unknown'."""
        mark = self.i
        if self.kind() == "OF":
            self.i += 1
        doc, end = self.document()
        if doc is None and self.kind() == "DOCTYPE":
            tok = self.t[self.i]
            self.i += 1
            return DocRef("unknown", self.text[tok.start:tok.start + 60], tok.text), tok.end
        if doc is None:
            self.i = mark
        return doc, end

    def group(self) -> list[Path]:
        """Points and clauses down to their article (or a chapter); each full path. Points written before a
        clause belong to it: "điểm b khoản 1, điểm b khoản 2 Điều 13", "điểm a, b khoản 2 Điều này"."""
        start = self.i
        if self.kind() == "CHAPTER" and self.kind(1) == "ROMAN":
            self.i += 2
            return [(("chuong", self.t[start + 1].text),)]
        items: list[tuple[list[str], list[str]]] = []
        while True:
            points = self.numbers("POINT", "LETTER")
            if self.kind() == "CLAUSE" and self.kind(1) == "THIS":  # "điểm đ khoản này": this clause
                self.i += 2
                here = (("dieu", "này"), ("khoan", "này"))
                return [here + (("diem", p),) for p in points] or [here]
            clauses = self.numbers("CLAUSE", "NUM")
            if points and not clauses:
                self.i = start
                return []
            if not clauses:
                break
            items.append((points, clauses))
            if self.kind() in ("COMMA", "AND") and self.kind(1) in ("POINT", "CLAUSE"):
                self.i += 1
                continue
            break
        if items and self.kind() == "OF" and self.kind(1) == "ARTICLE":  # "khoản 1 và khoản 2 của Điều này"
            self.i += 1
        if self.kind() != "ARTICLE" or self.kind(1) not in ("NUM", "THIS"):
            self.i = start
            return []
        article = self.t[self.i + 1].text
        self.i += 2
        base = (("dieu", article),)
        if not items:
            more = []
            while self.kind() in ("COMMA", "AND") and self.kind(1) == "NUM" and article != "này":
                more.append(self.t[self.i + 1].text)  # "Điều 5, 6 và 7"
                self.i += 2
            return [base] + [(("dieu", n),) for n in more]
        paths: list[Path] = []
        for points, clauses in items:
            first = base + (("khoan", clauses[0]),)
            paths += [first + (("diem", p),) for p in points] or [first]
            paths += [base + (("khoan", c),) for c in clauses[1:]]
        return paths

    def numbers(self, word: str, number: str) -> list[str]:
        """WORD n ((, | và) [WORD] n)*: the numbers."""
        if self.kind() != word or self.kind(1) != number:
            return []
        out, self.i = [self.t[self.i + 1].text], self.i + 2
        while self.kind() in ("COMMA", "AND"):
            skip = 2 if self.kind(1) == word else 1
            if self.kind(skip) != number:
                break
            out.append(self.t[self.i + skip].text)
            self.i += skip + 1
        return out

    def document(self) -> tuple[DocRef | None, int]:
        """A document designator at the cursor, with its end offset; (None, 0) if there is none."""
        tok = self.peek()
        if tok is None or tok.kind != "DOCTYPE":
            return None, 0
        if self.kind(1) == "THIS":
            self.i += 2
            return DocRef("self", doctype=tok.text), self.t[self.i - 1].end
        skip = 2 if self.kind(1) == "SO" else 1
        if self.kind(skip) == "DOCNUM":
            self.i += skip + 1
            return DocRef("number", self.t[self.i - 1].text, tok.text), self.t[self.i - 1].end
        if tok.text == "Luật":
            return self.law_name(tok)
        return None, 0

    def law_name(self, tok: Token) -> tuple[DocRef | None, int]:
        """'Luật' followed by the name of a law of the table (longest name first)."""
        rest = self.text[tok.start:].lower()
        for name in sorted(self.names, key=len, reverse=True):
            if rest.startswith(name) and not rest[len(name):len(name) + 1].isalnum():
                end = tok.start + len(name)
                while self.i < len(self.t) and self.t[self.i].start < end:
                    self.i += 1
                return DocRef("name", self.names[name], "Luật"), end
        return None, 0


def parse(text: str, tokens: list[Token], law_names: dict[str, str]) -> list[Citation]:
    """The citations of a text."""
    return Parser(tokens, law_names, text).parse()
