"""One family of the synthetic data (graph/synth.py): a topic's law with its articles, the decrees and circulars
under it, amendments, a programme and plan with tasks, standards and technical regulations of the year."""

from __future__ import annotations

from graph.synth_terms import (
    ADOPTION,
    FACT,
    HEADINGS,
    IDENT,
    ISSUED,
    LABEL,
    NOTATION,
    NOTE,
    PUBLISHER,
    SOURCE,
    SRC,
    STD_ASPECTS,
    STD_SUBJECTS,
    SYN_NOTE,
    TOPICS,
    UNVERIFIED,
    A,
    Doc,
    code,
    date,
    eli,
    en,
    family_year,
    legislature,
    plain,
    slug,
    syn,
    typed,
    v,
    vi,
)


class Families:
    """The `family` step of Generator (a mixin: it writes with the generator's state)."""

    def family(self, f: int) -> None:
        rng = self.rng
        topic = f % len(TOPICS)
        t_vi, t_en = TOPICS[topic]
        year = family_year(f)
        laws = self.topic_laws.setdefault(topic, [])
        decrees = self.topic_decrees.setdefault(topic, [])

        # the law: original, amending the previous law of the topic, or replacing it
        n = self.number("law", year)
        ident = f"{n}/{year}/QH{legislature(year)}"
        law_iri = syn(f"doc/{slug(ident)}")
        when = self.day(year)
        extra = [(v("hasLegalBasis"), self.constitution), (v("signedBy"), rng.choice(self.persons))]
        amended = None
        if laws and rng.random() < 0.6:
            amended = laws[-1]
            cls, lv, le = ("AmendingLaw", f"Luật sửa đổi, bổ sung một số điều của Luật {t_vi} ({ident})",
                           f"Law amending and supplementing a number of articles of the Law on {t_en} ({ident})")
            extra.append((v("amends"), amended.iri))
            n_articles = rng.randint(2, 8)
        else:
            cls, lv, le = "Law", f"Luật {t_vi} ({ident})", f"Law on {t_en} ({ident})"
            if laws:
                extra.append((v("replaces"), laws[-1].iri))
            n_articles = rng.randint(20, 80)
        self.w.entity("legal/laws", self.document(law_iri, cls, lv, le, ident, "luat", syn("org/quoc-hoi"), when,
                                                  extra))
        arts, provs = self.provisions("legal/laws", law_iri, n_articles, (2, 4), 0.0, topic)
        law = Doc(law_iri, ident, arts, provs)
        if amended is not None:
            self.effects(law, amended, when, min(len(arts), rng.randint(2, 6)))
        laws.append(law)

        # decrees detailing the law; some amend the previous decree of the topic
        fam_decrees = []
        for _ in range(rng.randint(2, 4)):
            n = self.number("decree", year)
            ident = f"{n}/{year}/NĐ-CP"
            iri = syn(f"doc/{slug(ident)}")
            when = self.day(year)
            extra = [(v("details"), law.iri), (v("hasLegalBasis"), law.iri),
                     (v("signedBy"), rng.choice(self.persons))]
            extra += [(v("details"), a) for a in rng.sample(law.articles, min(len(law.articles), rng.randint(2, 4)))]
            previous = rng.choice(decrees) if decrees and rng.random() < 0.5 else None
            if previous is not None:
                extra.append((v("amends"), previous.iri))
                lv = f"Nghị định sửa đổi, bổ sung Nghị định số {previous.identifier} về {t_vi.lower()}"
                le = f"Decree amending Decree {previous.identifier} on {t_en.lower()}"
            else:
                lv = f"Nghị định quy định chi tiết một số điều của Luật {t_vi} (số {ident})"
                le = f"Decree detailing a number of articles of the Law on {t_en} (no. {ident})"
            self.w.entity("legal/decrees", self.document(iri, "Decree", lv, le, ident, "nghi-dinh",
                                                         syn("org/chinh-phu"), when, extra))
            arts, provs = self.provisions("legal/decrees", iri, rng.randint(10, 30), (1, 4), 0.15, topic)
            doc = Doc(iri, ident, arts, provs)
            if previous is not None:
                self.effects(doc, previous, when, rng.randint(2, 5))
            decrees.append(doc)
            fam_decrees.append(doc)

        # circulars guiding the decrees, issued by ministries
        fam_docs = [law.iri] + [d.iri for d in fam_decrees]
        for _ in range(rng.randint(2, 5)):
            ministry, abbr = rng.choice(self.ministries)
            n = self.number(f"circular-{abbr}", year)
            ident = f"{n}/{year}/TT-{abbr}"
            iri = syn(f"doc/{slug(ident)}")
            decree = rng.choice(fam_decrees)
            extra = [(v("guides"), decree.iri), (v("hasLegalBasis"), decree.iri), (v("hasLegalBasis"), law.iri)]
            label_en = f"Circular guiding Decree {decree.identifier} ({ident})" if rng.random() < 0.9 else None
            self.w.entity("legal/circulars", self.document(
                iri, "Circular", f"Thông tư hướng dẫn Nghị định số {decree.identifier} về {t_vi.lower()} ({ident})",
                label_en, ident, "thong-tu", ministry, self.day(year), extra))
            self.provisions("legal/circulars", iri, rng.randint(5, 20), (1, 3), 0.15, topic)
            fam_docs.append(iri)

        # a PM decision approving a programme or scheme (every other family)
        if f % 2 == 0:
            self.decision_no += rng.randint(1, 40)
            ident = f"{self.decision_no}/QĐ-TTg"
            dec = syn(f"doc/{slug(ident)}")
            kind, kv, ke = ("Programme", "Chương trình", "Programme") if f % 4 == 0 else ("Scheme", "Đề án", "Scheme")
            prog = syn(f"prog/{slug(ident)}")
            name_vi = f"{kv} quốc gia nâng cao {t_vi.lower()} giai đoạn {year + 1}-{year + 10}"
            name_en = f"National {ke.lower()} on {t_en.lower()} {year + 1}-{year + 10}"
            self.w.entity("legal/decisions", self.document(
                dec, "PMDecision", f"Quyết định phê duyệt {name_vi}", f"Decision approving the {name_en}", ident,
                "qd-ttg-ca-biet", syn("org/thu-tuong"), self.day(year),
                [(v("approves"), prog), (v("hasLegalBasis"), law.iri)]))
            self.provisions("legal/decisions", dec, rng.randint(3, 6), (1, 3), 0.1, topic)
            ministry, _ = rng.choice(self.ministries)
            self.w.entity("programmes", [
                (prog, A, v(kind)), (prog, LABEL, vi(name_vi)), (prog, LABEL, en(name_en)),
                (prog, NOTATION, plain(str(self.decision_no))), (prog, v("approvedBy"), dec),
                (prog, v("ledBy"), ministry), (prog, v("standingAgency"), rng.choice(self.orgs)),
                (prog, v("periodStart"), typed(year + 1, "gYear")), (prog, v("periodEnd"), typed(year + 10, "gYear")),
                (prog, FACT, UNVERIFIED), (prog, NOTE, SYN_NOTE), (prog, SOURCE, SRC)])
            self.programmes.append(prog)

        # standards: works, ISO editions in supersedes chains, TCVN adoptions; one technical regulation
        fam_std = []
        for _ in range(5):
            self.work_no += 1
            number = 1000 + self.work_no * 7
            s_vi, s_en = rng.choice(STD_SUBJECTS)
            a_vi, a_en = rng.choice(STD_ASPECTS)
            work = syn(f"std/iso-{number}")
            self.w.entity("standards", [(work, A, v("StandardWork")), (work, LABEL, vi(f"ISO {number} {s_vi} - {a_vi}")),
                                        (work, LABEL, en(f"ISO {number} {s_en} — {a_en}")),
                                        (work, IDENT, plain(f"ISO {number}")), (work, FACT, UNVERIFIED)])
            prev_iso = prev_tcvn = None
            y = year - rng.randint(5, 20)
            for edition in range(1, rng.randint(1, 4) + 1):
                code_iso = f"ISO {number}:{y}"
                ed = syn(f"std/{slug(code_iso)}")
                t = [(ed, A, v("InternationalStandard")), (ed, LABEL, vi(f"{code_iso} {s_vi} - {a_vi}")),
                     (ed, LABEL, en(f"{code_iso} {s_en} — {a_en}")), (ed, IDENT, plain(code_iso)),
                     (ed, eli("type_document"), code("doc-type/iso")), (ed, v("editionOf"), work),
                     (ed, PUBLISHER, syn("org/iso")), (ed, ISSUED, date(*self.day(y))),
                     (ed, v("edition"), typed(edition, "integer")), (ed, FACT, UNVERIFIED), (ed, NOTE, SYN_NOTE),
                     (ed, SOURCE, SRC)]
                if prev_iso is not None:
                    t.append((ed, v("supersedes"), prev_iso))
                self.w.entity("standards", t)
                self.editions.append(ed)
                fam_std.append(ed)
                prev_iso = ed
                if rng.random() < 0.6:
                    ty = y + rng.randint(1, 3)
                    code_tcvn = f"TCVN ISO {number}:{ty}"
                    tc = syn(f"std/{slug(code_tcvn)}")
                    t = [(tc, A, v("NationalStandard")), (tc, LABEL, vi(f"{code_tcvn} {s_vi} - {a_vi}")),
                         (tc, LABEL, en(f"{code_tcvn} {s_en} — {a_en}")), (tc, IDENT, plain(code_tcvn)),
                         (tc, eli("type_document"), code("doc-type/tcvn")), (tc, v(rng.choice(ADOPTION)), ed),
                         (tc, PUBLISHER, syn("org/bkhcn")), (tc, ISSUED, date(*self.day(ty))),
                         (tc, FACT, UNVERIFIED), (tc, NOTE, SYN_NOTE), (tc, SOURCE, SRC)]
                    if prev_tcvn is not None:
                        t.append((tc, v("supersedes"), prev_tcvn))
                    self.w.entity("standards", t)
                    self.national.append(tc)
                    fam_std.append(tc)
                    prev_tcvn = tc
                y += rng.randint(3, 8)
        self.qcvn_no += 1
        ident = f"QCVN {self.qcvn_no:02d}:{year}/BKHCN"
        q = syn(f"doc/{slug(ident)}")
        cited = rng.sample(self.national or self.editions, min(len(self.national or self.editions), rng.randint(2, 5)))
        self.w.entity("standards", self.document(
            q, "TechnicalRegulation", f"Quy chuẩn kỹ thuật quốc gia về {rng.choice(STD_SUBJECTS)[0].lower()} ({ident})",
            f"National technical regulation {ident}", ident, "qcvn", syn("org/bkhcn"), self.day(year),
            [(v("citesStandard"), c) for c in cited] + [(v("hasLegalBasis"), law.iri)]))
        fam_docs.append(q)

        # a plan of the standards commission with its tasks
        self.task_plans += 1
        plan = syn(f"plan/ke-hoach-{self.task_plans}")
        self.w.entity("programmes", [(plan, A, v("Plan")),
                                     (plan, LABEL, vi(f"Kế hoạch thực hiện Luật {t_vi} năm {year} (số {self.task_plans})")),
                                     (plan, LABEL, en(f"Plan implementing the Law on {t_en}, {year} "
                                                      f"(no. {self.task_plans})")),
                                     (plan, v("year"), typed(year, "gYear")), (plan, FACT, UNVERIFIED),
                                     (plan, NOTE, SYN_NOTE), (plan, SOURCE, SRC)])
        targets = fam_docs + fam_std + self.programmes[-3:]
        for k in range(1, rng.randint(8, 12) + 1):
            task = f"{plan[:-1]}/nhiem-vu-{k}>"
            text_vi = f"Triển khai {rng.choice(HEADINGS).lower()} theo Luật {t_vi}"
            t = [(task, A, v("Task")), (task, LABEL, vi(text_vi)),
                 (task, LABEL, en(f"Implement task {k} under the Law on {t_en}")), (task, v("taskOf"), plan),
                 (plan, v("hasTask"), task), (task, v("ordinal"), typed(k, "integer")),
                 (task, v("text"), vi(text_vi + ". " + self.text(10, 25))),
                 (task, v("responsibleOrganization"), rng.choice(self.orgs)), (task, FACT, UNVERIFIED)]
            t += [(task, v("concerns"), c) for c in rng.sample(targets, rng.randint(1, 3))]
            self.w.entity("programmes", t)
