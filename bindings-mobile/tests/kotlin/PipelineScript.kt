// The pipeline script actions (R-7.1 …) of tests/vectors/README.md
// ("### pipeline"), run on a Pipeline object of the generated API.
package filrouge.test

import filrouge.*

object PipelineScript {
    val ACTIONS: Set<String> = setOf(
        "pipeline_create", "pipeline_update", "pipeline_move", "pipeline_eligibility", "pipeline_plan", "pipeline_card", "pipeline_reload",
    )


    fun run(c: Vectors.Case, steps: List<Any?>): List<Any?> {
        Vectors.known(c.config, "config", "time_zone", "conversion_plan")
        var config = defaultPipelineConfig()
        c.config["time_zone"]?.let { config = config.copy(timeZone = it as? String ?: throw BadInput("time_zone: a string")) }
        c.config["conversion_plan"]?.let { p -> config = config.copy(conversionPlan = Vectors.list(p, "conversion_plan").map(::planStep)) }
        var pipeline = Pipeline(config)
        try {
            return steps.map { step ->
                Vectors.outcome {
                    val s = LinkedHashMap(Vectors.obj(step, "step"))
                    val action = s.remove("do") as? String ?: throw BadInput("a step needs \"do\": an action name")
                    if (action == "pipeline_reload") {
                        Vectors.known(s, action)
                        val reloaded = Pipeline.fromJson(pipeline.toJson())
                        pipeline.destroy()
                        pipeline = reloaded
                        mapOf("organisations" to reloaded.len().toLong())
                    } else {
                        step(pipeline, action, s)
                    }
                }
            }
        } finally {
            pipeline.destroy()
        }
    }

    private fun str(m: Map<String, Any?>, k: String): String = m[k] as? String ?: throw BadInput("$k: expected a string")
    private fun at(m: Map<String, Any?>) = Vectors.instant(m["at"] ?: throw BadInput("at is missing"))

    private fun step(p: Pipeline, action: String, s: Map<String, Any?>): Any? = when (action) {
        "pipeline_create" -> {
            Vectors.known(s, action, "organisation", "by", "at")
            mapOf("stage" to name(p.create(organisation(s["organisation"]), str(s, "by"), at(s)).stage))
        }
        "pipeline_update" -> {
            Vectors.known(s, action, "organisation")
            val card = p.update(organisation(s["organisation"]))
            mapOf("stage" to name(card.stage), "eligibility" to eligibilityTree(eligibility(card.organisation)))
        }
        "pipeline_move" -> {
            Vectors.known(s, action, "organisation_id", "to", "by", "at")
            transition(p.moveTo(str(s, "organisation_id"), Vectors.enumOf(s["to"]), str(s, "by"), at(s)))
        }
        "pipeline_eligibility" -> {
            Vectors.known(s, action, "organisation", "organisation_id")
            val org = when {
                s["organisation"] != null && s["organisation_id"] == null -> organisation(s["organisation"])
                s["organisation_id"] != null && s["organisation"] == null -> p.card(str(s, "organisation_id")).organisation
                else -> throw BadInput("pipeline_eligibility takes organisation or organisation_id")
            }
            eligibilityTree(eligibility(org))
        }
        "pipeline_plan" -> {
            Vectors.known(s, action, "organisation_id")
            val plan = p.plan(str(s, "organisation_id"))
            mapOf("organisation_id" to plan.organisationId, "account_created_at" to plan.accountCreatedAt.toString(), "created_by" to plan.createdBy,
                "steps" to plan.steps.map { mapOf("step" to it.step, "due" to it.due.toString(), "latest" to it.latest?.toString()).filterValues { v -> v != null } })
        }
        "pipeline_card" -> {
            Vectors.known(s, action, "organisation_id")
            val card = p.card(str(s, "organisation_id"))
            mapOf("organisation" to organisationTree(card.organisation), "stage" to name(card.stage), "history" to card.history.map(::transition))
        }
        else -> throw UnknownAction("no pipeline action named $action")
    }

    private fun name(e: Enum<*>?): String? = e?.name?.lowercase()

    fun organisation(v: Any?): Organisation {
        val m = Vectors.obj(v ?: throw BadInput("organisation is missing"), "organisation")
        Vectors.known(m, "organisation", "id", "name", "kind", "public_service_mission", "attestation")
        return Organisation(str(m, "id"), m["name"]?.let { it as? String ?: throw BadInput("name: a string") } ?: "", Vectors.enumOf(m["kind"]),
            m["public_service_mission"]?.let { it as? Boolean ?: throw BadInput("public_service_mission: a boolean") } ?: false,
            m["attestation"]?.let { it as? Boolean ?: throw BadInput("attestation: a boolean") } ?: false)
    }

    private fun planStep(v: Any?): PlanStep {
        val m = Vectors.obj(v, "plan step")
        Vectors.known(m, "plan step", "step", "after_days", "until_days", "priority")
        fun days(k: String) = m[k]?.let { n -> (n as? Long)?.takeIf { it in 0..UInt.MAX_VALUE.toLong() }?.toUInt() ?: throw BadInput("$k: days, got $n") }
        return PlanStep(str(m, "step"), days("after_days") ?: throw BadInput("after_days is missing"), days("until_days"),
            m["priority"]?.let { Vectors.enumOf<Priority>(it) } ?: Priority.NORMAL)
    }

    fun organisationTree(o: Organisation) = mapOf("id" to o.id, "name" to o.name, "kind" to name(o.kind),
        "public_service_mission" to o.publicServiceMission, "attestation" to o.attestation)

    fun eligibilityTree(e: Eligibility) = mapOf("eligible" to e.eligible, "reason" to name(e.reason))

    fun transition(t: Transition) = mapOf("from" to name(t.from), "to" to name(t.to), "by" to t.by, "at" to t.at.toString())
}
