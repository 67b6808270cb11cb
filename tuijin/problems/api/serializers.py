from rest_framework import serializers

from tuijin.org.models import Department
from tuijin.projects.models import Project

from ..models import Decision, Instruction, Meeting, Problem, ProblemAssignment, ProblemCategory


class AssignmentSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = ProblemAssignment
        fields = ["department", "department_name", "deadline", "answer", "answered_at"]


class ProblemCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProblemCategory
        fields = ["id", "name", "days"]


class ProblemSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    category = serializers.PrimaryKeyRelatedField(queryset=ProblemCategory.objects.filter(active=True))
    project_name = serializers.CharField(source="project.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A project one may not raise a problem on answers as a missing one does: ids cannot be probed.
            from ..services import raisable_projects

            self.fields["project"].queryset = raisable_projects(request.user)
            self.fields["project"].error_messages["does_not_exist"] = "项目不存在，或您无权对该项目提出问题"

    class Meta:
        model = Problem
        fields = ["id", "project", "project_name", "category", "category_name", "description", "help_wanted",
                  "raised_by", "raised_on", "status", "level", "leader", "deadline", "solved_on", "closed_on",
                  "assignments", "version"]
        read_only_fields = ["raised_by", "raised_on", "status", "level", "leader", "deadline", "solved_on",
                            "closed_on", "version"]


class DistributeSerializer(serializers.Serializer):
    departments = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), many=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "number", "text", "departments", "owner_text", "deadline", "problem", "status", "done_on"]


class MeetingSerializer(serializers.ModelSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "kind", "title", "number", "date", "place", "chair", "attendees", "summary", "copy_to",
                  "problems", "projects", "decisions"]


class InstructionSerializer(serializers.ModelSerializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=True)

    class Meta:
        model = Instruction
        fields = ["id", "kind", "text", "author", "created_at", "problem"]
        read_only_fields = ["id", "author", "created_at", "problem"]
