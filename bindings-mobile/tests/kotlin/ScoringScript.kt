// The scoring ops (`score`, `rescore`) and script actions (tags,
// routine visibility) of tests/vectors/README.md ("### scoring"),
// run on the generated API: a Routine object parsed from the case's JSON,
// companies as typed maps, a Directory and a Tags object per script.
package filrouge.test

import filrouge.*

object ScoringScript {
    val ACTIONS: Set<String> = setOf(
        "define_routine", "assign_routine", "remove_routine", "set_routine_licence", "visible_routines",
        "set_default_routine", "default_routine", "set_tag", "mark_ex_client", "tag_of", "company_followup_put",
    )


    private fun routine(v: Any?): Routine = Routine.parse(Json.write(v ?: throw BadInput("routine is missing")))

    fun companies(v: Any?): List<Map<String, FieldValue>> =
        Vectors.list(v ?: listOf<Any?>(), "companies").map { c -> Vectors.obj(c, "company").mapValues { (_, f) -> Vectors.field(f) } }

    fun scoreOp(c: Vectors.Case): Any? {
        Vectors.known(c.input, "input", "routine", "companies")
        return routine(c.input["routine"]).use { r -> scoring(score(r, companies(c.input["companies"]))) }
    }

    fun rescoreOp(c: Vectors.Case): Any? {
        Vectors.known(c.input, "input", "routine", "previous", "companies")
        val previous = Vectors.list(c.input["previous"] ?: listOf<Any?>(), "previous").map { p ->
            val m = Vectors.obj(p, "previous")
            Vectors.known(m, "previous", "company_id", "score")
            val s = m["score"] as? Long ?: throw BadInput("score: a whole number")
            if (s < 0 || s > 255) throw BadInput("score out of range: $s")
            Previous(m["company_id"] as? String ?: throw BadInput("company_id: a string"), s.toUByte())
        }
        return routine(c.input["routine"]).use { r ->
            val out = rescore(r, previous, companies(c.input["companies"]))
            scoring(out.scoring) + mapOf(
                "entered" to out.changes.entered,
                "left" to out.changes.left,
                "changed" to out.changes.changed.map { mapOf("company_id" to it.companyId, "from" to it.from.toLong(), "to" to it.to.toLong()) },
                "crossed" to out.changes.crossed,
                "rejected_previous" to out.changes.rejectedPrevious.map(Tree::rejection),
            )
        }
    }

    fun run(c: Vectors.Case, steps: List<Any?>): List<Any?> {
        Directory().use { dir ->
            Tags().use { tags ->
                return steps.map { step ->
                    Vectors.outcome {
                        step(dir, tags, step)
                    }
                }
            }
        }
    }

    private fun str(m: Map<String, Any?>, k: String): String = m[k] as? String ?: throw BadInput("$k: expected a string")

    private fun step(dir: Directory, tags: Tags, raw: Any?): Any? {
        val s = LinkedHashMap(Vectors.obj(raw, "step"))
        val action = s.remove("do") as? String ?: throw BadInput("a step needs \"do\": an action name")
        return when (action) {
            "define_routine" -> {
                Vectors.known(s, action, "routine")
                routine(s["routine"]).use { r -> dir.defineRoutine(r); mapOf("routine_id" to r.id()) }
            }
            "assign_routine" -> {
                Vectors.known(s, action, "routine_id", "users")
                val users = Vectors.strings(s["users"] ?: throw BadInput("users is missing"))
                dir.assign(str(s, "routine_id"), users)
                mapOf("routine_id" to str(s, "routine_id"), "users" to users)
            }
            "remove_routine" -> {
                Vectors.known(s, action, "routine_id")
                dir.removeRoutine(str(s, "routine_id"))
                mapOf("routine_id" to str(s, "routine_id"))
            }
            "set_routine_licence" -> {
                Vectors.known(s, action, "user", "licence")
                val licence = Vectors.enumOf<Licence>(s["licence"])
                dir.setLicence(str(s, "user"), licence)
                mapOf("user" to str(s, "user"), "licence" to licence.name.lowercase())
            }
            "visible_routines" -> {
                Vectors.known(s, action, "user")
                mapOf("routines" to dir.visibleRoutines(str(s, "user")))
            }
            "set_default_routine" -> {
                Vectors.known(s, action, "user", "routine_id")
                val replaced = dir.setDefaultRoutine(str(s, "user"), str(s, "routine_id"))
                mapOf("default" to str(s, "routine_id"), "replaced" to replaced)
            }
            "default_routine" -> {
                Vectors.known(s, action, "user")
                mapOf("default" to dir.defaultRoutine(str(s, "user")))
            }
            "set_tag" -> {
                Vectors.known(s, action, "company_id", "routine_id", "tag")
                if (!s.containsKey("tag")) throw BadInput("tag is missing (null clears it)")
                tagState(tags.setTag(str(s, "company_id"), str(s, "routine_id"), s["tag"]?.let { Vectors.enumOf<Tag>(it) }))
            }
            "mark_ex_client" -> {
                Vectors.known(s, action, "company_id", "routine_id", "ex_client")
                tagState(tags.markExClient(str(s, "company_id"), str(s, "routine_id"), s["ex_client"] as? Boolean ?: throw BadInput("ex_client: a boolean")))
            }
            "tag_of" -> {
                Vectors.known(s, action, "company_id", "routine_id")
                tagState(tags.tagOf(str(s, "company_id"), str(s, "routine_id")))
            }
            "company_followup_put" -> {
                Vectors.known(s, action, "user", "company_id")
                val t = tags.followupPut(dir, str(s, "user"), str(s, "company_id"))
                mapOf("routine_id" to t.routineId, "from" to t.from?.name?.lowercase(), "to" to t.to?.name?.lowercase(), "changed" to t.changed)
            }
            else -> throw UnknownAction("no scoring action named $action")
        }
    }

    private fun tagState(t: TagState) = mapOf("tag" to t.tag?.name?.lowercase(), "ex_client" to t.exClient)

    fun scoring(s: Scoring): Map<String, Any?> = mapOf(
        "ranking" to s.ranking.map { r ->
            mapOf("company_id" to r.companyId, "score" to r.score.toLong(), "raw" to r.raw.toLong(),
                "matched" to r.matched.map { mapOf("criterion" to it.criterion.toLong(), "weight" to it.weight.name.lowercase(), "added" to it.added.toLong()) })
        },
        "excluded" to s.excluded,
        "rejected" to s.rejected.map(Tree::rejection),
    )
}
